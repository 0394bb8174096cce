package herald.history.control;

import herald.event.entity.Event;
import herald.event.entity.EventId;
import herald.event.entity.Topic;

import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Where published events are kept and where new ones come from: in memory by default, in Redis
 * when several instances share one stream.
 *
 * <p>Contract: ids grow strictly across all topics; the listener sees every appended event once,
 * in id order; {@link #since} returns exactly the kept events after an id. Together they let a
 * stream that registers for live events before it reads its replay lose nothing and repeat nothing.
 * Implementations are thread safe.
 */
public interface EventStore extends AutoCloseable {

    /** Keeps an event that has no id yet, and returns it with the id it was given. */
    Event append(Event draft);

    /** The kept events of these topics after {@code after}, oldest first, and whether some may be gone. */
    Replay since(EventId after, Set<Topic> topics);

    /** Sets the one receiver of every appended event, called in id order. */
    void listen(Consumer<Event> listener);

    /** How many events each topic keeps now. */
    Map<Topic, Integer> sizes();

    @Override
    void close();
}
