package herald.history.control;

import herald.event.entity.Event;
import herald.event.entity.EventId;
import herald.event.entity.Topic;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * The default store: each topic keeps its last {@code maxPerTopic} events, none older than
 * {@code maxAge}. Ids are {@code <millis>-<sequence>} from this process's clock, starting after the
 * moment it started, so an id from before a restart is known to be older than the history.
 *
 * <p>Thread safe: one lock orders appends, replays and the hand-over to the listener, which is what
 * makes the ids, the history and the live events agree.
 */
public final class MemoryStore implements EventStore {

    private final int maxPerTopic;
    private final Duration maxAge;
    private final Clock clock;
    private final EventId start;
    private final Map<Topic, TopicHistory> topics = new HashMap<>();
    private EventId last;
    private Consumer<Event> listener = event -> { };

    public MemoryStore(int maxPerTopic, Duration maxAge, Clock clock) {
        this.maxPerTopic = maxPerTopic;
        this.maxAge = maxAge;
        this.clock = clock;
        this.start = new EventId(clock.millis(), 0);
        this.last = start;
    }

    @Override
    public synchronized Event append(Event draft) {
        long now = clock.millis();
        last = last.next(now);
        var event = draft.withId(last);
        history(event.topic()).add(event, now);
        listener.accept(event);
        return event;
    }

    @Override
    public synchronized EventId last() {
        return last;
    }

    @Override
    public String kind() {
        return "memory";
    }

    @Override
    public synchronized long size() {
        return sizes().values().stream().mapToLong(Integer::longValue).sum();
    }

    @Override
    public synchronized Replay since(EventId after, Set<Topic> wanted) {
        if (after.isAfter(last)) {
            return Replay.ofUnknown();
        }
        long now = clock.millis();
        var events = new ArrayList<Event>();
        boolean truncated = false;
        for (var topic : wanted) {
            var history = topics.get(topic);
            if (history == null) {
                truncated |= after.compareTo(start) < 0;
                continue;
            }
            history.evict(now);
            truncated |= after.compareTo(history.horizon) < 0;
            for (var kept : history.events) {
                if (kept.event.id().isAfter(after)) {
                    events.add(kept.event);
                }
            }
        }
        events.sort(Comparator.comparing(Event::id));
        return new Replay(events, truncated);
    }

    @Override
    public synchronized void listen(Consumer<Event> listener) {
        this.listener = listener;
    }

    @Override
    public synchronized Map<Topic, Integer> sizes() {
        long now = clock.millis();
        var sizes = new TreeMap<Topic, Integer>(Comparator.comparing(Topic::name));
        topics.forEach((topic, history) -> {
            history.evict(now);
            sizes.put(topic, history.events.size());
        });
        return sizes;
    }

    @Override
    public void close() {
        // nothing held outside the heap
    }

    private TopicHistory history(Topic topic) {
        return topics.computeIfAbsent(topic, t -> new TopicHistory(start));
    }

    private record Kept(Event event, long storedAt) {
    }

    /** One topic's kept events, and the newest id it has let go of (its horizon). */
    private final class TopicHistory {
        final ArrayDeque<Kept> events = new ArrayDeque<>();
        EventId horizon;

        TopicHistory(EventId horizon) {
            this.horizon = horizon;
        }

        void add(Event event, long now) {
            events.addLast(new Kept(event, now));
            evict(now);
        }

        void evict(long now) {
            long oldest = now - maxAge.toMillis();
            while (!events.isEmpty() && (events.size() > maxPerTopic || events.peekFirst().storedAt < oldest)) {
                horizon = events.removeFirst().event.id();
            }
        }
    }
}
