package herald.history.control;

import herald.base.NamedThreads;
import herald.event.entity.Event;
import herald.event.entity.EventId;
import herald.event.entity.Topic;
import io.lettuce.core.Limit;
import io.lettuce.core.Range;
import io.lettuce.core.RedisException;
import io.lettuce.core.StreamMessage;
import io.lettuce.core.XAddArgs;
import io.lettuce.core.api.sync.RedisCommands;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentLinkedQueue;
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

    /** Entries a replay page reads. */
    static final int PAGE = RedisReader.PAGE;

    private final String key;
    private final int maxLength;
    private final Duration timeout;
    private final RedisLink link;
    private final RedisReader reader;
    private final NamedThreads threads = new NamedThreads("herald-redis");
    private volatile Consumer<Event> listener = event -> { };
    private volatile Consumer<EventId> gaps = after -> { };
    /** Replay pages: a resume never reads Redis on the request's thread. */
    private final ExecutorService pages = new ThreadPoolExecutor(2, 2, 0, TimeUnit.SECONDS,
            new LinkedBlockingQueue<>(), threads);
    /** Page reads that found Redis away, made again once it is back. */
    private final Queue<Runnable> waitingForRedis = new ConcurrentLinkedQueue<>();

    public RedisStore(String url, String key, int maxLength, Duration maxAge, Duration timeout, Clock clock) {
        this.key = key;
        this.maxLength = maxLength;
        this.timeout = timeout;
        this.link = new RedisLink(url, timeout);
        // Events added from the moment this instance starts are its live events; older ones are history.
        var start = new EventId(Math.max(0, clock.millis() - 1), 0);
        this.reader = new RedisReader(link, key, timeout, maxAge, clock, start, new RedisReader.Handoff() {
            @Override
            public void event(Event event) {
                listener.accept(event);
            }

            @Override
            public void gap(EventId after) {
                gaps.accept(after);
            }

            @Override
            public void reachable() {
                Runnable waiting;
                for (int n = waitingForRedis.size(); n > 0 && (waiting = waitingForRedis.poll()) != null; n--) {
                    waiting.run();
                }
            }
        });
        threads.newThread(reader).start();
        // The connection is made on the reader's thread, so that no request waits on a connect; but the first is
        // waited for here, so that events published right after a deployment are not refused while it is made (seen
        // in the tests: 503 for a second after a deploy). Its connect times out after `timeout`; twice that leaves
        // room for the client's own start. With Redis away, the deployment goes on, degraded until Redis is back.
        reader.awaitFirstTry(timeout.plus(timeout));
    }

    @Override
    public Event append(Event draft) {
        var connection = reader.commands();
        if (connection == null || !connection.isOpen()) {
            // Not sent: certainly not kept.
            throw new StoreUnavailable("Redis cannot be reached", null);
        }
        try {
            var id = connection.sync().xadd(key, XAddArgs.Builder.maxlen(maxLength), RedisEntry.fields(draft));
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
                var lastGenerated = StreamInfo.of(redis, key).lastGenerated();
                if (position.isAfter(lastGenerated)) {
                    return Page.ofUnknown();
                }
                upTo = lastGenerated;
            }
            List<StreamMessage<String, String>> entries = redis.xrange(key, Range.from(
                    Range.Boundary.excluding(position.toString()), Range.Boundary.including(upTo.toString())),
                    Limit.from(RedisReader.PAGE));
            // Asked after the range: an entry trimmed meanwhile makes the page "truncated", never a silent gap.
            boolean truncated = StreamInfo.of(redis, key).trimmedAfter(position);
            var events = new ArrayList<Event>();
            for (var entry : entries) {
                var event = RedisEntry.event(entry);
                if (event != null && topics.contains(event.topic())) {
                    events.add(event);
                }
            }
            if (!entries.isEmpty()) {
                position = EventId.parse(entries.get(entries.size() - 1).getId());
            }
            return Page.of(events, truncated, upTo, entries.size() < RedisReader.PAGE || !upTo.isAfter(position));
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
        return reader.size();
    }

    /** Not known without reading the whole stream. */
    @Override
    public int topics() {
        return -1;
    }

    @Override
    public EventId last() {
        return reader.last();
    }

    @Override
    public String kind() {
        return "redis";
    }

    @Override
    public boolean up() {
        return reader.up();
    }

    @Override
    public void close() {
        reader.stop();
        pages.shutdownNow();
        Runnable waiting;
        while ((waiting = waitingForRedis.poll()) != null) {
            waiting.run(); // refused by the executor now: its replay ends
        }
        threads.join(RedisReader.BLOCK.plus(timeout).plusSeconds(1));
        reader.closeConnection();
        link.close();
    }

    private RedisCommands<String, String> commands() {
        var connection = reader.commands();
        if (connection == null) {
            // Only the reader connects (and retries); a request thread never waits for a connect.
            throw new StoreUnavailable("Redis cannot be reached", null);
        }
        return connection.sync();
    }
}
