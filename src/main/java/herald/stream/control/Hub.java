package herald.stream.control;

import herald.access.entity.Grant;
import herald.base.Rejection;
import herald.config.control.Config;
import herald.event.entity.Event;
import herald.event.entity.EventId;
import herald.event.entity.Topic;
import herald.history.control.EventStore;
import herald.metrics.control.Metrics;
import herald.metrics.entity.DropReason;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiConsumer;
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
    // Made once and handed to every stream: a method reference made per stream is an object per open stream.
    private final BiConsumer<Subscriber, DropReason> onClosed = this::closed;
    private final Runnable onDelivered;
    private volatile boolean closed;

    public Hub(Config config, EventStore store, Metrics metrics, Executor delivery, Fanout fanout) {
        this.config = config;
        this.store = store;
        this.metrics = metrics;
        this.delivery = delivery;
        this.fanout = fanout;
        this.onDelivered = metrics::delivered;
        store.listen(this::published);
        // Every open stream may have missed events of its topics: each is told, as a resume past the history is.
        store.listenForGaps(after -> fanout.send(null, Frames.truncated(after)));
    }

    /**
     * Opens a stream: greeting, then what it missed since {@code lastEventId} (if given), then live
     * events. Refused with 503, before {@code output} is asked for, when {@code herald.maxClients}
     * streams are open. Never waits on the store: a resume while the store is away is held open (greeting,
     * ticks, heartbeats) and gets its replay once the store is back. The stream has the private events its
     * {@code grant} covers, and is closed when the grant expires.
     */
    public void subscribe(Set<Topic> topics, EventId lastEventId, Grant grant, Instant now, Supplier<Output> output) {
        if (closed) {
            throw Rejection.unavailable("shutting_down", "this server is stopping", config.retry());
        }
        if (open.incrementAndGet() > config.maxClients()) {
            open.decrementAndGet();
            metrics.dropped(DropReason.LIMIT);
            throw Rejection.unavailable("too_many_clients",
                    "this server holds its limit of " + config.maxClients() + " streams", config.retry());
        }
        Subscriber subscriber;
        try {
            var validFor = grant.expires().equals(Instant.MAX) ? null : Duration.between(now, grant.expires());
            subscriber = new Subscriber(output.get(), topics, grant, validFor, delivery, config.clientMaxBacklog(),
                    config.clientWriteTimeout(), config.clientMaxLag(), System::nanoTime, onClosed, onDelivered);
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
            // A new stream's greeting says where it starts; a resumed one's leaves the client's id as it is.
            EventId startsAfter = lastEventId == null ? store.last() : null;
            first.add(Frames.greeting(now, config.retry(), startsAfter));
            if (topics.contains(Topic.DEFAULT)) {
                first.add(Frames.date(now));
            }
            if (lastEventId == null) {
                // Asked after registering: what comes later is held; what the store had already is not owed.
                subscriber.start(first, startsAfter);
            } else {
                // Opened after registering: what is published meanwhile is held, and de-duplicated by id. Read a
                // page at a time off this thread; while the store is away the stream stays open and waits for it.
                subscriber.start(first, lastEventId, store.replay(lastEventId, topics));
            }
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
