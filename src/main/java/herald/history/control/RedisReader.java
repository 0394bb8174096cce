package herald.history.control;

import herald.event.entity.Event;
import herald.event.entity.EventId;
import io.lettuce.core.RedisException;
import io.lettuce.core.StreamMessage;
import io.lettuce.core.XReadArgs;
import io.lettuce.core.XTrimArgs;
import io.lettuce.core.api.StatefulRedisConnection;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * An instance's reader of the shared stream: one thread, reading what is added ({@code XREAD BLOCK}, from the last
 * id it saw) and handing it on in id order, for as long as the store is open. After Redis was away it goes on from
 * its last id: what was added meanwhile (by instances that could reach it) is handed on, nothing twice; entries
 * trimmed before it could read them are handed on as a gap. It also makes the connection the store's commands use
 * (a request thread never waits for a connect), trims entries past the maximum age, and reads the stream's length.
 */
final class RedisReader implements Runnable {

    /** Where what the reader finds goes; called on the reader's thread. */
    interface Handoff {
        void event(Event event);

        /** Entries after {@code after} were trimmed before this instance read them. */
        void gap(EventId after);

        /** Redis answered: called on every pass while it does. */
        void reachable();
    }

    static final int PAGE = 1000;
    private static final System.Logger LOG = System.getLogger(RedisReader.class.getName());
    static final Duration BLOCK = Duration.ofSeconds(1);
    private static final Duration BACKOFF = Duration.ofMillis(500);
    private static final Duration TRIM_EVERY = Duration.ofSeconds(5);

    private final RedisLink link;
    private final String key;
    private final Duration timeout;
    private final Duration maxAge;
    private final Clock clock;
    private final Handoff handoff;
    private final CountDownLatch closing = new CountDownLatch(1);
    /** Counted down once the first try to make the commands' connection has ended, made or not. */
    private final CountDownLatch firstTry = new CountDownLatch(1);
    private volatile EventId at;
    private volatile StatefulRedisConnection<String, String> commands;
    private volatile boolean up;
    private volatile long size;

    RedisReader(RedisLink link, String key, Duration timeout, Duration maxAge, Clock clock, EventId start,
                Handoff handoff) {
        this.link = link;
        this.key = key;
        this.timeout = timeout;
        this.maxAge = maxAge;
        this.clock = clock;
        this.at = start;
        this.handoff = handoff;
    }

    /** The connection for the store's commands, once made; null before. */
    StatefulRedisConnection<String, String> commands() {
        return commands;
    }

    boolean up() {
        return up;
    }

    /**
     * Waits, up to {@code timeout}, until the first try to connect has ended: made, or failed (Redis away). A store
     * that has just been made then takes events at once, instead of refusing them while its connection is made.
     */
    void awaitFirstTry(Duration timeout) {
        try {
            firstTry.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The stream's length as last read (at most a second old). */
    long size() {
        return size;
    }

    /** The newest id handed on. */
    EventId last() {
        return at;
    }

    /** Ends the loop within a block ({@link #BLOCK}) and a timeout. */
    void stop() {
        closing.countDown();
    }

    /** Closes the commands' connection; after the reader's thread has ended. */
    void closeConnection() {
        var connection = commands;
        if (connection != null) {
            connection.close();
        }
    }

    @Override
    public void run() {
        StatefulRedisConnection<String, String> blocking = null;
        long nextTrim = 0;
        while (closing.getCount() > 0) {
            try {
                if (commands == null) {
                    try {
                        commands = link.connect(timeout);
                    } finally {
                        firstTry.countDown();
                    }
                }
                if (blocking == null) {
                    // XREAD BLOCK holds its connection: it gets one of its own, with a timeout past the block.
                    blocking = link.connect(BLOCK.plus(timeout));
                }
                List<StreamMessage<String, String>> entries = blocking.sync().xread(
                        XReadArgs.Builder.block(BLOCK).count(PAGE), XReadArgs.StreamOffset.from(key, at.toString()));
                boolean catchingUp = !up || entries.size() == PAGE;
                if (!up) {
                    LOG.log(System.Logger.Level.INFO, "Redis is reachable; reading from " + at);
                }
                up = true;
                handoff.reachable();
                if (catchingUp && !entries.isEmpty() && StreamInfo.of(blocking.sync(), key).trimmedAfter(at)) {
                    // Entries after where this instance had read were trimmed before it read them (it was cut off, or
                    // fell behind by more than herald.redis.history): its live streams missed them, and are told so.
                    LOG.log(System.Logger.Level.WARNING, "entries after " + at + " were trimmed before this instance read them");
                    handoff.gap(at);
                }
                for (var entry : entries) {
                    var event = RedisEntry.event(entry);
                    if (event != null) {
                        handOn(event);
                    }
                    at = EventId.parse(entry.getId());
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

    private void handOn(Event event) {
        try {
            handoff.event(event);
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
}
