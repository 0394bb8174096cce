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
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * The open streams, and the fan-out to them of published events, ticks and heartbeats: the limits,
 * the replay and the hand-over from replay to live events are decided here, whatever the transport;
 * how a frame reaches the streams of its topic is the {@link Fanout}'s. Each frame is made once per
 * broadcast and shared by all the streams it goes to. Thread safe.
 */
public final class Hub implements AutoCloseable {

    private final Config config;
    private final EventStore store;
    private final Metrics metrics;
    private final Executor delivery;
    private final Fanout fanout;
    private final Set<Subscriber> all = ConcurrentHashMap.newKeySet();
    private final AtomicInteger open = new AtomicInteger();
    private volatile boolean closed;

    public Hub(Config config, EventStore store, Metrics metrics, Executor delivery, Fanout fanout) {
        this.config = config;
        this.store = store;
        this.metrics = metrics;
        this.delivery = delivery;
        this.fanout = fanout;
        store.listen(this::published);
        // Every open stream may have missed events of its topics: each is told, as a resume past the history is.
        store.listenForGaps(after -> fanout.send(null, Frames.truncated(after)));
    }

    /**
     * Opens a stream: greeting, then what it missed since {@code lastEventId} (if given), then live
     * events. Refused with 503, before {@code output} is asked for, when {@code herald.maxClients}
     * streams are open.
     */
    public void subscribe(Set<Topic> topics, EventId lastEventId, Instant now, Supplier<Output> output) {
        if (closed) {
            throw Rejection.unavailable("shutting_down", "this server is stopping", config.retry());
        }
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
        try {
            all.add(subscriber);
            fanout.add(subscriber);
            if (subscriber.isClosed()) {
                // Cut while registering (its held frames overflowed): its removal may have run before the add.
                fanout.remove(subscriber);
            }
            if (closed) {
                // Registered while the hub was closing, after its sweep of the open streams.
                subscriber.close(DropReason.SHUTDOWN);
            }
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
                if (replay.unknown()) {
                    // Not a place in this store's history: taken as one, every later event would look already seen.
                    replayedUpTo = null;
                } else {
                    replayedUpTo = replay.events().isEmpty()
                            ? lastEventId
                            : replay.events().get(replay.events().size() - 1).id();
                }
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
        if (open.get() > 0) {
            fanout.send(Topic.DEFAULT, Frames.date(now));
        }
    }

    public void heartbeat() {
        fanout.send(null, Frames.heartbeat());
    }

    /** Open streams. */
    public int count() {
        return open.get();
    }

    private void published(Event event) {
        if (open.get() > 0) {
            fanout.send(event.topic(), Frames.event(event));
        }
    }

    private void closed(Subscriber subscriber, DropReason reason) {
        if (all.remove(subscriber)) {
            open.decrementAndGet();
            fanout.remove(subscriber);
            metrics.dropped(reason);
        }
    }

    @Override
    public void close() {
        closed = true;
        for (var subscriber : all) {
            subscriber.close(DropReason.SHUTDOWN);
        }
        fanout.close();
    }
}
