package herald.history.control;

import herald.event.entity.Event;
import herald.event.entity.EventId;
import herald.event.entity.Topic;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/** Reads a whole replay, page after page, as a stream would: what the store tests check. */
final class Replays {

    /** A replay read to its end: its events, whether a page said some may be gone, and whether the id was unknown. */
    record Read(List<Event> events, boolean truncated, boolean unknown, int pages) {
    }

    private Replays() {
    }

    static Read all(EventStore store, EventId after, Set<Topic> topics) {
        var replay = store.replay(after, topics);
        var events = new ArrayList<Event>();
        boolean truncated = false;
        for (int pages = 1; pages <= 100_000; pages++) {
            Page page;
            try {
                page = replay.next().toCompletableFuture().get(10, TimeUnit.SECONDS);
            } catch (Exception e) {
                throw new AssertionError("a page did not come", e);
            }
            events.addAll(page.events());
            truncated |= page.truncated();
            if (page.last()) {
                return new Read(events, truncated, page.unknown(), pages);
            }
        }
        throw new AssertionError("a replay that does not end");
    }
}
