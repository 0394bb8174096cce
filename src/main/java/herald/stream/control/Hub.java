package herald.stream.control;

import herald.app.control.Rejection;
import herald.config.control.Config;
import herald.event.entity.Event;
import herald.event.entity.EventId;
import herald.event.entity.Topic;
import herald.history.control.EventStore;
import herald.history.control.StoreUnavailable;
import herald.metrics.control.Metrics;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * The open streams, by topic, and the fan-out to them of published events, ticks and heartbeats.
 * Each frame is made once per broadcast and shared by all the streams it goes to. Thread safe.
 */
public final class Hub implements AutoCloseable {

    private final Config config;
    private final EventStore store;
    private final Metrics metrics;
    private final Executor delivery;
    private final Map<Topic, Set<Subscriber>> byTopic = new ConcurrentHashMap<>();
    private final Set<Subscriber> all = ConcurrentHashMap.newKeySet();
    private final AtomicInteger open = new AtomicInteger();

    public Hub(Config config, EventStore store, Metrics metrics, Executor delivery) {
        this.config = config;
        this.store = store;
        this.metrics = metrics;
        this.delivery = delivery;
        store.listen(this::published);
    }

    /**
     * Opens a stream: greeting, then what it missed since {@code lastEventId} (if given), then live
     * events. Refused with 503, before {@code output} is asked for, when {@code herald.maxClients}
     * streams are open.
     */
    public void subscribe(Set<Topic> topics, EventId lastEventId, Instant now, Supplier<Output> output) {
        if (lastEventId != null && !store.up()) {
            // Opened without its replay, the stream would skip what it missed: the client comes back later instead.
            throw Rejection.unavailable("store_unavailable",
                    "the event store cannot be reached to resume from " + lastEventId, config.retry());
        }
        if (open.incrementAndGet() > config.maxClients()) {
            open.decrementAndGet();
            metrics.dropped(DropReason.LIMIT);
            throw Rejection.unavailable("too_many_clients",
                    "this server holds its limit of " + config.maxClients() + " streams", config.retry());
        }
        Subscriber subscriber;
        try {
            subscriber = new Subscriber(output.get(), topics, delivery, config.clientMaxBacklog(),
                    config.clientWriteTimeout(), System::nanoTime, this::closed, metrics::delivered);
        } catch (RuntimeException e) {
            open.decrementAndGet();
            throw e;
        }
        all.add(subscriber);
        for (var topic : topics) {
            byTopic.computeIfAbsent(topic, t -> ConcurrentHashMap.newKeySet()).add(subscriber);
        }
        try {
            var first = new ArrayList<Frame>();
            EventId replayedUpTo = null;
            if (lastEventId == null) {
                // Asked after registering: what comes later is held; what the store had already is not owed.
                replayedUpTo = store.last();
                first.add(Frames.greeting(now, config.retry(), replayedUpTo));
            } else {
                first.add(Frames.greeting(now, config.retry(), null));
                // Read after registering: what is published meanwhile is held, and de-duplicated by id.
                var replay = store.since(lastEventId, topics);
                if (replay.truncated()) {
                    first.add(Frames.truncated(lastEventId));
                }
                replay.events().forEach(event -> first.add(Frames.event(event)));
                replayedUpTo = replay.events().isEmpty()
                        ? lastEventId
                        : replay.events().get(replay.events().size() - 1).id();
            }
            if (topics.contains(Topic.DEFAULT)) {
                first.add(Frames.date(now));
            }
            subscriber.start(first, replayedUpTo);
        } catch (StoreUnavailable lostSinceChecked) {
            // The response has begun: end it empty, and the client reconnects (with its Last-Event-ID) later.
            subscriber.close(DropReason.GONE);
        } catch (RuntimeException e) {
            subscriber.close(DropReason.GONE);
            throw e;
        }
    }

    public void tick(Instant now) {
        var listeners = byTopic.get(Topic.DEFAULT);
        if (listeners != null && !listeners.isEmpty()) {
            var frame = Frames.date(now);
            listeners.forEach(subscriber -> subscriber.offer(frame));
        }
    }

    public void heartbeat() {
        var frame = Frames.heartbeat();
        all.forEach(subscriber -> subscriber.offer(frame));
    }

    /** Open streams. */
    public int count() {
        return open.get();
    }

    private void published(Event event) {
        var listeners = byTopic.get(event.topic());
        if (listeners != null && !listeners.isEmpty()) {
            var frame = Frames.event(event);
            listeners.forEach(subscriber -> subscriber.offer(frame));
        }
    }

    private void closed(Subscriber subscriber, DropReason reason) {
        if (all.remove(subscriber)) {
            open.decrementAndGet();
            for (var topic : subscriber.topics()) {
                var listeners = byTopic.get(topic);
                if (listeners != null) {
                    listeners.remove(subscriber);
                }
            }
            metrics.dropped(reason);
        }
    }

    @Override
    public void close() {
        for (var subscriber : all) {
            subscriber.close(DropReason.SHUTDOWN);
        }
    }
}
