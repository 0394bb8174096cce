package herald.history.control;

import herald.event.entity.Event;
import herald.event.entity.EventId;
import herald.event.entity.Topic;

import java.util.Set;
import java.util.function.Consumer;

/**
 * Where published events are kept and where new ones come from: in memory by default, in Redis
 * when several instances share one stream.
 *
 * <p>Contract: ids grow strictly across all topics; the listener sees every appended event once,
 * in id order; a {@link Replay} hands out exactly the kept events after an id, up to an id after which the
 * listener has every event still to hand on. Together they let a stream that registers for live events before it
 * opens its replay lose nothing and repeat nothing.
 * Implementations are thread safe.
 */
public interface EventStore extends AutoCloseable {

    /**
     * Keeps an event that has no id yet, and returns it with the id it was given.
     *
     * @throws StoreUnavailable if it could not be kept; then it was not, and no listener sees it
     */
    Event append(Event draft);

    /**
     * Opens a replay of the kept events of these topics after {@code after}. Reads nothing yet, so it never waits
     * on the store: pages are read as the stream asks for them, off the request's thread.
     */
    Replay replay(EventId after, Set<Topic> topics);

    /**
     * The newest id handed to the listener. Every event after it is still to come to the listener; so a stream
     * registered before asking starts there, and its greeting says so (see {@code Frames#greeting}).
     */
    EventId last();

    /** Sets the one receiver of every appended event, called in id order. */
    void listen(Consumer<Event> listener);

    /**
     * Sets the receiver of gaps: called, in order with the events, with the last id handed to the listener when
     * events after it are gone before they could be handed on (a store that several instances share can trim
     * entries an instance has not read yet). An in-memory store hands on every event and has none.
     */
    default void listenForGaps(Consumer<EventId> gaps) {
    }

    /** How many events are kept now, in all topics; cheap, and takes no lock that publishing holds. */
    long size();

    /** How many topics have a history now, or -1 where the store does not know it cheaply; takes no such lock. */
    int topics();

    /** {@code memory} or {@code redis}: what /health reports. */
    String kind();

    /** Whether the store can be reached now; an in-memory store always can. */
    default boolean up() {
        return true;
    }

    @Override
    void close();
}
