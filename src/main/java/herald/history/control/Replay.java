package herald.history.control;

import java.util.concurrent.CompletionStage;

/**
 * What a resuming stream missed, read a page at a time as the client takes it: a replay holds a place in the
 * history, never a copy of it, so a client that reads slowly (or not at all) pins one page, not the history.
 *
 * <p>Contract: the first page says up to which id the replay goes ({@link Page#upTo}); every event after that id
 * reaches the stream live (it was registered before the replay was opened), so the stream leaves out live events
 * up to it and misses none after. Pages come in id order; asked for one at a time (the next only once the last
 * has completed). Not thread safe otherwise.
 */
public interface Replay {

    /**
     * The next page. A store that cannot be reached now completes it once it can again (a resume made while
     * Redis is away is held open and replayed when it is back); it completes exceptionally only when the store
     * is closing.
     */
    CompletionStage<Page> next();
}
