package herald.history.control;

import herald.base.NamedThreads;
import herald.event.entity.Event;
import herald.event.entity.EventId;
import herald.event.entity.InvalidEvent;
import herald.event.entity.Topic;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.Limit;
import io.lettuce.core.Range;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisException;
import io.lettuce.core.RedisURI;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.StreamMessage;
import io.lettuce.core.XAddArgs;
import io.lettuce.core.XReadArgs;
import io.lettuce.core.XTrimArgs;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.Delay;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * The store shared by several Herald instances: one Redis stream ({@code herald.redis.key}) holds every
 * topic's events, so Redis gives each event its id ({@code XADD}), and ids grow strictly across topics and
 * are the same on every instance. Each instance reads what is added ({@code XREAD BLOCK}, from the last id
 * it saw) on one thread of its own and hands it to its listener in id order; its own publications come
 * back the same way, so every instance delivers the same sequence. After Redis was away, the reader goes on
 * from its last id: what was added meanwhile (by instances that could reach it) is delivered, nothing twice.
 *
 * <p>History: the stream keeps the last {@code maxLength} entries of all topics together (exact trimming: each
 * {@code XADD} evicts about one entry, which costs little), and entries older than {@code maxAge} are
 * trimmed every few seconds. A replay is truncated when an entry after the client's id may have been trimmed.
 * Without Redis persistence, a Redis restart loses the history (run Redis with {@code appendonly yes} to keep it).
 *
 * <p>Faults: commands are refused at once while the connection is down, and time out after {@code timeout}
 * otherwise, so no request thread waits on Redis longer than that; they surface as {@link StoreUnavailable}.
 * Replays never fail for that: their pages are read on the store's own threads, and one that finds Redis away is
 * read again once the reader finds it back. Thread safe.
 */
public final class RedisStore implements EventStore {

    private static final System.Logger LOG = System.getLogger(RedisStore.class.getName());
    private static final Duration BLOCK = Duration.ofSeconds(1);
    private static final Duration BACKOFF = Duration.ofMillis(500);
    private static final Duration TRIM_EVERY = Duration.ofSeconds(5);
    static final int PAGE = 1000;
    private static final Duration MAX_RECONNECT_DELAY = Duration.ofSeconds(1);

    private final ClientResources resources;
    private final RedisClient client;
    private final String key;
    private final int maxLength;
    private final Duration maxAge;
    private final Duration timeout;
    private final Clock clock;
    private final NamedThreads threads = new NamedThreads("herald-redis");
    private final CountDownLatch closing = new CountDownLatch(1);
    private volatile Consumer<Event> listener = event -> { };
    private volatile Consumer<EventId> gaps = after -> { };
    private volatile StatefulRedisConnection<String, String> commands;
    private volatile boolean up;
    private volatile long size;
    private volatile EventId last;
    /** Replay pages: a resume never reads Redis on the request's thread. */
    private final ExecutorService pages = new ThreadPoolExecutor(2, 2, 0, TimeUnit.SECONDS,
            new LinkedBlockingQueue<>(), threads);
    /** Page reads that found Redis away, made again once it is back. */
    private final Queue<Runnable> waitingForRedis = new ConcurrentLinkedQueue<>();

    public RedisStore(String url, String key, int maxLength, Duration maxAge, Duration timeout, Clock clock) {
        this.key = key;
        this.maxLength = maxLength;
        this.maxAge = maxAge;
        this.timeout = timeout;
        this.clock = clock;
        RedisURI uri;
        try {
            uri = RedisURI.create(url);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("herald.redis.url is not a Redis URL (redis://host:port); not shown, as it may hold a password", e);
        }
        uri.setTimeout(timeout);
        this.resources = ClientResources.builder()
                .ioThreadPoolSize(1)
                .computationThreadPoolSize(1)
                // Lettuce's default backs off up to 30 s between reconnects: after an outage, events would wait that long.
                .reconnectDelay(Delay.exponential(Duration.ofMillis(10), MAX_RECONNECT_DELAY, 2, TimeUnit.MILLISECONDS))
                .build();
        this.client = RedisClient.create(resources, uri);
        client.setOptions(ClientOptions.builder()
                .autoReconnect(true)
                // While Redis is away a command fails at once rather than wait in a queue for it to return.
                .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
                .socketOptions(SocketOptions.builder().connectTimeout(timeout).build())
                .build());
        // Events added from the moment this instance starts are its live events; older ones are history.
        var start = new EventId(Math.max(0, clock.millis() - 1), 0);
        last = start;
        threads.newThread(() -> read(start)).start();
    }

    @Override
    public Event append(Event draft) {
        var fields = new LinkedHashMap<String, String>();
        fields.put("topic", draft.topic().name());
        if (draft.type() != null) {
            fields.put("type", draft.type());
        }
        fields.put("data", draft.data());
        var connection = commands;
        if (connection == null || !connection.isOpen()) {
            // Not sent: certainly not kept.
            throw new StoreUnavailable("Redis cannot be reached", null);
        }
        try {
            var id = connection.sync().xadd(key, XAddArgs.Builder.maxlen(maxLength), fields);
            return draft.withId(EventId.parse(id));
        } catch (RedisException e) {
            // Sent, and not answered in time (or the connection dropped meanwhile): Redis may have kept it, and then
            // every instance hands it on. Saying "not published" here would be a lie a retry turns into a duplicate.
            throw StoreUnavailable.unconfirmed("Redis did not confirm the event: " + e.getMessage(), e);
        }
    }

    @Override
    public Replay replay(EventId after, Set<Topic> topics) {
        return new RedisReplay(after, Set.copyOf(topics));
    }

    /**
     * Reads a page on a thread of the store's own; while Redis cannot be reached, the read waits and is made again
     * once the reader finds Redis back.
     */
    private void read(RedisReplay replay, CompletableFuture<Page> page) {
        try {
            pages.execute(() -> {
                try {
                    page.complete(replay.read());
                } catch (StoreUnavailable | RedisException away) {
                    waitingForRedis.add(() -> read(replay, page));
                } catch (RuntimeException e) {
                    page.completeExceptionally(e);
                }
            });
        } catch (RejectedExecutionException closing) {
            page.completeExceptionally(new StoreUnavailable("the store is closing", closing));
        }
    }

    /** A place in the stream; pages are {@code XRANGE}s of all topics, filtered here. */
    private final class RedisReplay implements Replay {
        private final Set<Topic> topics;
        private EventId position;
        private EventId upTo;

        RedisReplay(EventId after, Set<Topic> topics) {
            this.position = after;
            this.topics = topics;
        }

        @Override
        public CompletionStage<Page> next() {
            var page = new CompletableFuture<Page>();
            RedisStore.this.read(this, page);
            return page;
        }

        Page read() {
            var redis = commands();
            if (upTo == null) {
                // Every entry added after this one is still to reach the reader, so the stream gets it live.
                var lastGenerated = lastGenerated(streamInfo(redis));
                if (position.isAfter(lastGenerated)) {
                    return Page.ofUnknown();
                }
                upTo = lastGenerated;
            }
            List<StreamMessage<String, String>> entries = redis.xrange(key, Range.from(
                    Range.Boundary.excluding(position.toString()), Range.Boundary.including(upTo.toString())),
                    Limit.from(PAGE));
            // Asked after the range: an entry trimmed meanwhile makes the page "truncated", never a silent gap.
            boolean truncated = trimmedAfter(streamInfo(redis), position);
            var events = new ArrayList<Event>();
            for (var entry : entries) {
                var event = decode(entry);
                if (event != null && topics.contains(event.topic())) {
                    events.add(event);
                }
            }
            if (!entries.isEmpty()) {
                position = EventId.parse(entries.get(entries.size() - 1).getId());
            }
            return Page.of(events, truncated, upTo, entries.size() < PAGE || !upTo.isAfter(position));
        }
    }

    @Override
    public void listen(Consumer<Event> listener) {
        this.listener = listener;
    }

    @Override
    public void listenForGaps(Consumer<EventId> gaps) {
        this.gaps = gaps;
    }

    /** The stream's length as last read by the reader (at most a second old): /health never waits on Redis. */
    @Override
    public long size() {
        return size;
    }

    /** Not known without reading the whole stream. */
    @Override
    public int topics() {
        return -1;
    }

    @Override
    public EventId last() {
        return last;
    }

    @Override
    public String kind() {
        return "redis";
    }

    @Override
    public boolean up() {
        return up;
    }

    @Override
    public void close() {
        closing.countDown();
        pages.shutdownNow();
        Runnable waiting;
        while ((waiting = waitingForRedis.poll()) != null) {
            waiting.run(); // refused by the executor now: its replay ends
        }
        threads.join(BLOCK.plus(timeout).plusSeconds(1));
        var connection = commands;
        if (connection != null) {
            connection.close();
        }
        client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
        // Waited for, so that Lettuce's threads have ended when the container checks for threads left behind.
        resources.shutdown(0, 2, TimeUnit.SECONDS).awaitUninterruptibly(3, TimeUnit.SECONDS);
    }

    private RedisCommands<String, String> commands() {
        var connection = commands;
        if (connection == null) {
            // Only the reader connects (and retries); a request thread never waits for a connect.
            throw new StoreUnavailable("Redis cannot be reached", null);
        }
        return connection.sync();
    }

    /** The reader: one thread, in id order, for as long as the store is open. */
    private void read(EventId start) {
        var at = start;
        StatefulRedisConnection<String, String> blocking = null;
        long nextTrim = 0;
        while (closing.getCount() > 0) {
            try {
                if (commands == null) {
                    var connection = client.connect();
                    connection.setTimeout(timeout);
                    commands = connection;
                }
                if (blocking == null) {
                    blocking = client.connect();
                    // XREAD BLOCK holds its connection: it gets one of its own, with a timeout past the block.
                    blocking.setTimeout(BLOCK.plus(timeout));
                }
                List<StreamMessage<String, String>> messages = blocking.sync().xread(
                        XReadArgs.Builder.block(BLOCK).count(PAGE), XReadArgs.StreamOffset.from(key, at.toString()));
                boolean catchingUp = !up || messages.size() == PAGE;
                if (!up) {
                    LOG.log(System.Logger.Level.INFO, "Redis is reachable; reading from " + at);
                }
                up = true;
                Runnable waiting;
                for (int n = waitingForRedis.size(); n > 0 && (waiting = waitingForRedis.poll()) != null; n--) {
                    waiting.run();
                }
                if (catchingUp && !messages.isEmpty() && trimmedAfter(streamInfo(blocking.sync()), at)) {
                    // Entries after where this instance had read were trimmed before it read them (it was cut off, or
                    // fell behind by more than herald.redis.history): its live streams missed them, and are told so.
                    LOG.log(System.Logger.Level.WARNING, "entries after " + at + " were trimmed before this instance read them");
                    gaps.accept(at);
                }
                for (var message : messages) {
                    at = EventId.parse(message.getId());
                    var event = decode(message);
                    if (event != null) {
                        deliver(event);
                    }
                    last = at;
                }
                long now = clock.millis();
                if (now >= nextTrim) {
                    blocking.sync().xtrim(key, XTrimArgs.Builder
                            .minId(new EventId(Math.max(0, now - maxAge.toMillis()), 0).toString()).approximateTrimming());
                    nextTrim = now + TRIM_EVERY.toMillis();
                }
                size = blocking.sync().xlen(key);
            } catch (RedisException e) {
                if (up) {
                    LOG.log(System.Logger.Level.WARNING, "Redis cannot be reached: " + e.getMessage());
                }
                up = false;
                pause();
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.WARNING, "reading from Redis failed", e);
                pause();
            }
        }
        if (blocking != null) {
            blocking.close();
        }
    }

    private void deliver(Event event) {
        try {
            listener.accept(event);
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "delivering " + event.id() + " failed", e);
        }
    }

    private void pause() {
        try {
            closing.await(BACKOFF.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            closing.countDown();
        }
    }

    /** An entry as Herald wrote it; one written by something else is left out, with a warning. */
    private static Event decode(StreamMessage<String, String> message) {
        var body = message.getBody();
        try {
            return new Event(EventId.parse(message.getId()), new Topic(body.getOrDefault("topic", "")),
                    body.get("type"), body.getOrDefault("data", ""));
        } catch (InvalidEvent e) {
            LOG.log(System.Logger.Level.WARNING, "entry " + message.getId() + " is not a Herald event: " + e.getMessage());
            return null;
        }
    }

    /** {@code XINFO STREAM}'s plain fields; none for a stream that does not exist yet. */
    private Map<String, String> streamInfo(RedisCommands<String, String> redis) {
        var info = new java.util.HashMap<String, String>();
        if (redis.exists(key) == 0) {
            return info;
        }
        var list = redis.xinfoStream(key);
        for (int i = 0; i + 1 < list.size(); i += 2) {
            if (!(list.get(i + 1) instanceof List)) {
                info.put(String.valueOf(list.get(i)), String.valueOf(list.get(i + 1)));
            }
        }
        return info;
    }

    /** The newest id Redis ever gave in this stream (also when its entry is trimmed); 0-0 for none. */
    private static EventId lastGenerated(Map<String, String> info) {
        return EventId.parse(info.getOrDefault("last-generated-id", "0-0"));
    }

    /**
     * Whether entries after {@code after} may have been trimmed. Redis does not record the last id a trim removed
     * (its {@code max-deleted-entry-id} counts XDEL only), but it counts the entries ever added: when that exceeds
     * the length, entries before the first kept one are gone, and a client whose id is older than that first
     * entry may have missed some. (A client whose id is exactly the last one trimmed is told so too, needlessly;
     * the replay it gets is the same.)
     */
    private static boolean trimmedAfter(Map<String, String> info, EventId after) {
        long length = Long.parseLong(info.getOrDefault("length", "0"));
        long added = Long.parseLong(info.getOrDefault("entries-added", "0"));
        if (added <= length) {
            return false;
        }
        var firstKept = length == 0 ? info.get("last-generated-id") : info.get("recorded-first-entry-id");
        return firstKept != null && EventId.parse(firstKept).isAfter(after);
    }
}
