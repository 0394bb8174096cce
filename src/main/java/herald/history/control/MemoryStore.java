package herald.history.control;

import herald.event.entity.Event;
import herald.event.entity.EventId;
import herald.event.entity.Topic;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.Queue;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;

/**
 * The default store: each topic keeps its last {@code maxPerTopic} events, none older than
 * {@code maxAge}. Ids are {@code <millis>-<sequence>} from this process's clock, starting after the
 * moment it started, so an id from before a restart is known to be older than the history.
 *
 * <p>Thread safe: one lock orders appends and replays, which is what makes the ids and the history agree. The
 * hand-over to the listener (the fan-out to every stream) happens outside it, in id order, by one thread at a
 * time (whichever publisher finds events waiting; the others go on), so that publishers never wait on a
 * fan-out under the store's lock, and a listener that fails never fails a publish.
 */
public final class MemoryStore implements EventStore {

    private final int maxPerTopic;
    private final int maxTopics;
    private final Duration maxAge;
    private final Clock clock;
    private final EventId start;
    /** By last publication, oldest first (guarded by this). */
    private final LinkedHashMap<Topic, TopicHistory> topics = new LinkedHashMap<>(16, 0.75f, false);
    /** Events kept, all topics: read without the lock by /health and /metrics. */
    private final AtomicLong kept = new AtomicLong();
    private volatile int topicCount;
    /** The newest id whose topic was dropped to keep within {@code maxTopics} (guarded by this). */
    private EventId droppedUpTo;
    private final System.Logger log = System.getLogger(MemoryStore.class.getName());
    /** Appended and not yet handed to the listener, in id order (added under the store's lock). */
    private final Queue<Event> undelivered = new ConcurrentLinkedQueue<>();
    private final ReentrantLock delivering = new ReentrantLock();
    // guarded by this: the newest id given
    private EventId last;
    /** The newest id handed to the listener. */
    private volatile EventId delivered;
    private volatile Consumer<Event> listener = event -> { };

    public MemoryStore(int maxPerTopic, Duration maxAge, Clock clock) {
        this(maxPerTopic, DEFAULT_MAX_TOPICS, maxAge, clock);
    }

    /** The default of {@code herald.history.maxTopics}. */
    public static final int DEFAULT_MAX_TOPICS = 10_000;

    /**
     * @param maxTopics topics kept at most: publishers name topics freely, so without a bound anyone with the token
     *                  could make the store keep a history per name for ever; past it, the topic published to the
     *                  longest ago goes first (a resume into it is then told {@code history-truncated})
     */
    public MemoryStore(int maxPerTopic, int maxTopics, Duration maxAge, Clock clock) {
        this.maxPerTopic = maxPerTopic;
        this.maxTopics = maxTopics;
        this.maxAge = maxAge;
        this.clock = clock;
        this.start = new EventId(clock.millis(), 0);
        this.last = start;
        this.delivered = start;
        this.droppedUpTo = start;
    }

    @Override
    public Event append(Event draft) {
        Event event;
        synchronized (this) {
            long now = clock.millis();
            last = last.next(now);
            event = draft.withId(last);
            history(event.topic()).add(event, now);
            undelivered.add(event);
        }
        deliver();
        return event;
    }

    /**
     * Hands what waits to the listener, in id order. A thread that finds another delivering leaves its event to it;
     * the deliverer looks again after letting go, so nothing is left waiting.
     */
    private void deliver() {
        while (!undelivered.isEmpty() && delivering.tryLock()) {
            try {
                Event event;
                while ((event = undelivered.poll()) != null) {
                    try {
                        listener.accept(event);
                    } catch (RuntimeException e) {
                        // Kept all the same: resuming streams get it from the history.
                        log.log(System.Logger.Level.WARNING, "handing " + event.id() + " to the streams failed", e);
                    }
                    delivered = event.id();
                }
            } finally {
                delivering.unlock();
            }
        }
    }

    @Override
    public EventId last() {
        return delivered;
    }

    @Override
    public String kind() {
        return "memory";
    }

    @Override
    public long size() {
        return kept.get();
    }

    @Override
    public int topics() {
        return topicCount;
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
                // Never published to, or dropped to keep within maxTopics: it may have had events after the id.
                truncated |= after.compareTo(droppedUpTo) < 0;
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
    public void listen(Consumer<Event> listener) {
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

    /** The topic's history, moved to the end of the order (the most recently published), made if new. */
    private TopicHistory history(Topic topic) {
        var history = topics.remove(topic);
        if (history == null) {
            history = new TopicHistory(start);
            if (topics.size() >= maxTopics) {
                var oldest = topics.entrySet().iterator().next();
                var dropped = oldest.getValue();
                kept.addAndGet(-dropped.events.size());
                if (!dropped.events.isEmpty() && dropped.events.peekLast().event.id().isAfter(droppedUpTo)) {
                    droppedUpTo = dropped.events.peekLast().event.id();
                }
                if (dropped.horizon.isAfter(droppedUpTo)) {
                    droppedUpTo = dropped.horizon;
                }
                topics.remove(oldest.getKey());
            }
        }
        topics.put(topic, history);
        topicCount = topics.size();
        return history;
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
            kept.incrementAndGet();
            evict(now);
        }

        void evict(long now) {
            long oldest = now - maxAge.toMillis();
            while (!events.isEmpty() && (events.size() > maxPerTopic || events.peekFirst().storedAt < oldest)) {
                horizon = events.removeFirst().event.id();
                kept.decrementAndGet();
            }
        }
    }
}
