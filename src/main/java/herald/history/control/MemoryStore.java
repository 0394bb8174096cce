package herald.history.control;

import herald.event.entity.Event;
import herald.event.entity.EventId;
import herald.event.entity.Topic;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;

/**
 * The default store: each topic keeps its last {@code maxPerTopic} events, none older than
 * {@code maxAge}, and at most {@code maxTopics} topics are kept. Ids are {@code <millis>-<sequence>} from this
 * process's clock, starting after the moment it started, so an id from before a restart is known to be older than
 * the history.
 *
 * <p>Thread safe. Appends take the store's lock, which is what makes ids and history agree; reads take none (a
 * request that resumes, /health, /metrics never wait on a publisher, nor make one wait): the histories are concurrent
 * maps, and a topic's horizon (the newest id it let go of) is moved before the event leaves, so a reader that misses
 * an event that went meanwhile sees the horizon past it and says "truncated". The hand-over to the listener (the
 * fan-out to every stream) happens outside the lock, in id order, by one thread at a time (whichever publisher finds
 * events waiting; the others go on), so publishers never wait on a fan-out, and a listener that fails never fails
 * a publish.
 */
public final class MemoryStore implements EventStore {

    /** Events per replay page: what a stream that reads slowly holds at most of the history, besides its place. */
    static final int PAGE = 32;

    private final int maxPerTopic;
    private final int maxTopics;
    private final Duration maxAge;
    private final Clock clock;
    private final EventId start;
    /** Read without the lock. */
    private final ConcurrentHashMap<Topic, TopicHistory> histories = new ConcurrentHashMap<>();
    /** The same, by last publication, oldest first (guarded by this). */
    private final LinkedHashMap<Topic, TopicHistory> byLastPublished = new LinkedHashMap<>();
    /** Events kept, all topics: read without the lock by /health and /metrics. */
    private final AtomicLong kept = new AtomicLong();
    /** The newest id of a topic that was let go of as a whole (idle and expired, or past maxTopics). */
    private volatile EventId droppedUpTo;
    private final System.Logger log = System.getLogger(MemoryStore.class.getName());
    /** Appended and not yet handed to the listener, in id order (added under the store's lock). */
    private final Queue<Event> undelivered = new ConcurrentLinkedQueue<>();
    private final ReentrantLock delivering = new ReentrantLock();
    // guarded by this: the newest id given
    private EventId last;
    /** The newest id whose event is in the history. */
    private volatile EventId appended;
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
        this.appended = start;
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
            appended = last;
            letGoOfIdleTopics(now);
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
        return histories.size();
    }

    @Override
    public Replay replay(EventId after, Set<Topic> topics) {
        return new MemoryReplay(after, Set.copyOf(topics));
    }

    @Override
    public void listen(Consumer<Event> listener) {
        this.listener = listener;
    }

    /** How many events each topic keeps now (for tests and operators' tools; no request path asks it). Takes no lock. */
    public Map<Topic, Integer> sizes() {
        long oldest = clock.millis() - maxAge.toMillis();
        var sizes = new TreeMap<Topic, Integer>(Comparator.comparing(Topic::name));
        histories.forEach((topic, history) -> sizes.put(topic, history.unexpired(oldest)));
        return sizes;
    }

    @Override
    public void close() {
        // nothing held outside the heap
    }

    /**
     * Up to {@link #PAGE} kept events of these topics after {@code position} and up to {@code upTo}, and whether
     * some after {@code position} are gone. Takes no lock.
     */
    private Page page(EventId position, EventId upTo, Set<Topic> wanted) {
        long oldest = clock.millis() - maxAge.toMillis();
        var found = new ArrayList<Kept>();
        boolean truncated = false;
        for (var topic : wanted) {
            var history = histories.get(topic);
            if (history == null) {
                // Never published to, or let go of: it may have had events after the position.
                truncated |= position.compareTo(droppedUpTo) < 0;
                continue;
            }
            int taken = 0;
            for (var kept : history.events.tailMap(position, false).values()) {
                if (kept.event.id().isAfter(upTo)) {
                    break;
                }
                if (kept.storedAt < oldest) {
                    truncated = true; // too old to hand out, even if not let go of yet
                    continue;
                }
                found.add(kept);
                if (++taken > PAGE) {
                    break;
                }
            }
            // Read after the events: one that left meanwhile moved the horizon past the position before it went.
            truncated |= position.compareTo(history.horizon) < 0;
        }
        found.sort(Comparator.comparing(kept -> kept.event.id()));
        boolean lastPage = found.size() <= PAGE;
        var page = (lastPage ? found : found.subList(0, PAGE)).stream().map(Kept::stored).toList();
        return new Page(page, truncated, upTo, lastPage);
    }

    /** A place in the history, moved on by each page. */
    private final class MemoryReplay implements Replay {
        private final Set<Topic> topics;
        private EventId position;
        private EventId upTo;

        MemoryReplay(EventId after, Set<Topic> topics) {
            this.position = after;
            this.topics = topics;
        }

        @Override
        public CompletionStage<Page> next() {
            try {
                if (upTo == null) {
                    // Every event after this one is still to reach the listener, so the stream gets it live.
                    upTo = appended;
                    if (position.isAfter(upTo)) {
                        return CompletableFuture.completedFuture(Page.ofUnknown());
                    }
                }
                var page = page(position, upTo, topics);
                if (!page.stored().isEmpty()) {
                    position = page.stored().get(page.stored().size() - 1).event().id();
                }
                return CompletableFuture.completedFuture(page);
            } catch (RuntimeException e) {
                return CompletableFuture.failedFuture(e);
            }
        }
    }

    /** The topic's history, moved to the end of the order (the most recently published), made if new. */
    private TopicHistory history(Topic topic) {
        var history = byLastPublished.remove(topic);
        if (history == null) {
            if (byLastPublished.size() >= maxTopics) {
                letGo(byLastPublished.keySet().iterator().next());
            }
            // A topic let go of may come back: a resume from before what it lost is then told so.
            history = new TopicHistory(droppedUpTo);
            histories.put(topic, history);
        }
        byLastPublished.put(topic, history);
        return history;
    }

    /**
     * Lets go of topics whose every event has expired, oldest publication first: empty histories do not stay for
     * ever. The oldest topic is the first to expire whole, so this stops at the first that still has an event.
     */
    private void letGoOfIdleTopics(long now) {
        var it = byLastPublished.entrySet().iterator();
        while (it.hasNext()) {
            var oldest = it.next();
            oldest.getValue().evict(now);
            if (oldest.getValue().size > 0) {
                return;
            }
            letGo(oldest.getKey());
            it = byLastPublished.entrySet().iterator();
        }
    }

    private void letGo(Topic topic) {
        var history = byLastPublished.remove(topic);
        var newest = history.events.isEmpty() ? history.horizon : history.events.lastKey();
        if (newest.isAfter(droppedUpTo)) {
            droppedUpTo = newest; // before it leaves: a reader that no longer finds it is then told "truncated"
        }
        histories.remove(topic);
        kept.addAndGet(-history.size);
    }

    /** An event, when it was kept, and the form every replay shares. */
    private record Kept(Event event, long storedAt, Stored stored) {
        Kept(Event event, long storedAt) {
            this(event, storedAt, new Stored(event));
        }
    }

    /** One topic's kept events, and the newest id it has let go of (its horizon). Written under the store's lock. */
    private final class TopicHistory {
        final ConcurrentSkipListMap<EventId, Kept> events = new ConcurrentSkipListMap<>();
        volatile EventId horizon;
        volatile int size;

        TopicHistory(EventId horizon) {
            this.horizon = horizon;
        }

        void add(Event event, long now) {
            events.put(event.id(), new Kept(event, now));
            size++;
            kept.incrementAndGet();
            evict(now);
        }

        /** Events stored at or after {@code oldest}: expired ones wait at the head until the next append. */
        int unexpired(long oldest) {
            int expired = 0;
            for (var kept : events.values()) {
                if (kept.storedAt >= oldest) {
                    break;
                }
                expired++;
            }
            return Math.max(0, size - expired);
        }

        void evict(long now) {
            long oldest = now - maxAge.toMillis();
            Map.Entry<EventId, Kept> first;
            while ((first = events.firstEntry()) != null && (size > maxPerTopic || first.getValue().storedAt < oldest)) {
                horizon = first.getKey(); // before the event goes: see the class comment
                events.remove(first.getKey());
                size--;
                kept.decrementAndGet();
            }
        }
    }
}
