package herald.app.control;

import herald.access.control.Access;
import herald.access.control.TokenVerifier;
import herald.access.entity.TopicPatterns;
import herald.config.control.Config;
import herald.history.control.EventStore;
import herald.history.control.MemoryStore;
import herald.history.control.RedisStore;
import herald.metrics.control.Metrics;
import herald.publish.control.Publisher;
import herald.stream.control.Broadcast;
import herald.stream.control.Delivery;
import herald.stream.control.Fanout;
import herald.stream.control.Hub;
import herald.stream.control.TopicSets;
import herald.stream.control.Transport;
import herald.ticker.control.Scheduler;
import herald.ticker.control.Ticker;
import jakarta.servlet.ServletContext;
import jakarta.ws.rs.ext.RuntimeDelegate;

import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayDeque;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * One Herald per deployed application, wired at start-up: the event store, the streams, publishing,
 * metrics, and the two periodic tasks (ticker and heartbeat). Held as a servlet context attribute
 * rather than in static fields or a container-specific singleton, so that its lifecycle is the web
 * application's on every container.
 */
public final class Herald implements AutoCloseable {

    static final String ATTRIBUTE = Herald.class.getName();

    private final Config config;
    private final EventStore store;
    private final Metrics metrics;
    private final Access access;
    private final Delivery delivery;
    private final Transport transport;
    private final boolean writesBeneathSink;
    private final Broadcast broadcast;
    private final Hub hub;
    private final Publisher publisher;
    private final Scheduler scheduler;
    private final Ticker ticker;
    private final ScheduledFuture<?> heartbeat;

    private Herald(Config config, Clock clock) {
        // What has started so far, closed again (newest first) if a later step fails: a deployment that fails half
        // way must not leave the threads of its first half running.
        var started = new ArrayDeque<AutoCloseable>();
        try {
            this.config = config;
            this.metrics = new Metrics();
            this.access = access(config, clock, metrics);
            this.store = config.redisUrl()
                    .<EventStore>map(url -> new RedisStore(url, config.redisKey(), config.redisHistory(),
                            config.historyMaxAge(), config.redisTimeout(), clock))
                    .orElseGet(() -> new MemoryStore(config.historySize(), config.historyMaxTopics(),
                            config.historyMaxAge(), clock));
            started.push(store);
            var restImplementation = restImplementation();
            this.transport = Transport.choose(config.streamTransport(), restImplementation);
            this.writesBeneathSink = Transport.sinkWritesResponse(restImplementation);
            this.broadcast = transport == Transport.JAXRS ? new Broadcast() : null;
            this.scheduler = Scheduler.lookup();
            started.push(scheduler);
            // The platform sink's send blocks (Jersey writes and flushes on the calling thread), so the Jakarta REST
            // shape's streams are written on threads that may wait on a client, each stream's writes on the thread
            // that drains its queue: about one per core at work, and one more for each that waits on a client; the
            // servlet writer never waits, and needs about a thread per core.
            this.delivery = transport == Transport.JAXRS
                    ? Delivery.whileSendsWait("herald-send",
                            Math.min(config.sendThreads(), Math.max(2, Runtime.getRuntime().availableProcessors())),
                            config.sendThreads(), scheduler.executor())
                    : new Delivery(config.deliveryThreads());
            started.push(delivery);
            Fanout fanout = broadcast != null ? broadcast : new TopicSets();
            this.hub = new Hub(config, store, metrics, delivery, fanout);
            started.push(hub);
            this.metrics.observe(hub::count, () -> (int) store.size());
            this.publisher = new Publisher(config.publishToken(), access, config.maxPayloadBytes(), store, metrics,
                    config.retry());
            this.ticker = Ticker.start(scheduler.executor(), clock, hub::tick);
            started.push(ticker::stop);
            long every = config.heartbeat().toMillis();
            this.heartbeat = scheduler.executor().scheduleAtFixedRate(() -> {
                try {
                    hub.heartbeat();
                } catch (RuntimeException e) {
                    // A periodic task that throws is never run again: keep the heartbeat alive.
                    System.getLogger(Herald.class.getName()).log(System.Logger.Level.WARNING, "heartbeat failed", e);
                }
            }, every, every, TimeUnit.MILLISECONDS);
        } catch (RuntimeException | Error failed) {
            for (var part : started) {
                try {
                    part.close();
                } catch (Exception alsoFailed) {
                    failed.addSuppressed(alsoFailed);
                }
            }
            throw failed;
        }
    }

    /** The key tokens are checked with, one of two kinds, and the private topics; a setting that is wrong stops here. */
    private static Access access(Config config, Clock clock, Metrics metrics) {
        if (config.jwtSecret().isPresent() && config.jwtPublicKey().isPresent()) {
            throw new IllegalArgumentException("set one of herald.jwt.secret and herald.jwt.publicKey, not both");
        }
        var verifier = config.jwtSecret().map(TokenVerifier::hmac)
                .or(() -> config.jwtPublicKey().map(path -> TokenVerifier.publicKey(Path.of(path))));
        TopicPatterns privateTopics;
        try {
            privateTopics = TopicPatterns.parse(config.privateTopics());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("herald.topics.private: " + e.getMessage(), e);
        }
        return new Access(verifier, privateTopics, clock, metrics::refused);
    }

    /** The class of the platform's Jakarta REST implementation, by which {@code auto} chooses the transport. */
    private static String restImplementation() {
        try {
            return RuntimeDelegate.getInstance().getClass().getName();
        } catch (RuntimeException | LinkageError none) {
            return "";
        }
    }

    public static Herald start(Config config, Clock clock) {
        return new Herald(config, clock);
    }

    public static Herald from(ServletContext context) {
        var herald = (Herald) context.getAttribute(ATTRIBUTE);
        if (herald == null) {
            throw new IllegalStateException("Herald is not started in this web application");
        }
        return herald;
    }

    public void attachTo(ServletContext context) {
        context.setAttribute(ATTRIBUTE, this);
    }

    public Config config() {
        return config;
    }

    public EventStore store() {
        return store;
    }

    public Hub hub() {
        return hub;
    }

    public Transport transport() {
        return transport;
    }

    /**
     * Whether the Jakarta REST transport writes a stream's frames after its first to the response beneath the
     * platform's sink ({@link Transport#sinkWritesResponse}).
     */
    public boolean writesBeneathSink() {
        return writesBeneathSink;
    }

    /** The Jakarta REST transport's broadcaster; empty with the servlet transport. */
    public java.util.Optional<Broadcast> broadcast() {
        return java.util.Optional.ofNullable(broadcast);
    }

    /** The threads that write to the streams; with the Jakarta REST transport, they run the platform sinks' sends. */
    public java.util.concurrent.Executor delivery() {
        return delivery;
    }

    public Access access() {
        return access;
    }

    public Publisher publisher() {
        return publisher;
    }

    public Metrics metrics() {
        return metrics;
    }

    public Scheduler scheduler() {
        return scheduler;
    }

    @Override
    public void close() {
        ticker.stop();
        heartbeat.cancel(false);
        hub.close();
        delivery.close();
        store.close();
        scheduler.close();
    }
}
