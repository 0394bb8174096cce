package herald.testing;

import java.io.UncheckedIOException;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A raw SSE client that comes back by itself, as a browser's EventSource does after a network error (after the
 * server's {@code retry:}, sending Last-Event-ID) and as Herald's page does after an error answer (backing off,
 * never before Retry-After). It keeps the events of one type it received, in order, across connections.
 * One thread of its own (a daemon), ended by {@link #close}; each connection lasts until the server or the network
 * ends it.
 */
public final class ReconnectingStream implements AutoCloseable {

    private static final Duration POLL = Duration.ofMillis(200);
    private static final long MAX_BACKOFF_MILLIS = 5000;

    private final URI uri;
    private final String type;
    private final List<SseEvent> received = new CopyOnWriteArrayList<>();
    private final AtomicInteger connections = new AtomicInteger();
    private final CountDownLatch closing = new CountDownLatch(1);
    private final Thread thread;
    private volatile String lastEventId;
    private volatile RawStream current;

    public ReconnectingStream(URI uri, String type) {
        this.uri = uri;
        this.type = type;
        this.thread = new Thread(this::run, "reconnecting-stream");
        thread.setDaemon(true);
        thread.start();
    }

    /** The events of the type received so far, in the order they came, over every connection. */
    public List<SseEvent> received() {
        return List.copyOf(received);
    }

    /** How many connections were answered 200 so far. */
    public int connections() {
        return connections.get();
    }

    private void run() {
        long retryMillis = 1000;
        int failures = 0;
        while (closing.getCount() > 0) {
            long waitMillis;
            try (var stream = RawStream.open(uri, lastEventId == null ? Map.of() : Map.of("Last-Event-ID", lastEventId))) {
                current = stream;
                if (stream.status() == 200) {
                    connections.incrementAndGet();
                    failures = 0;
                    read(stream);
                    if (stream.retry() != null) {
                        retryMillis = Long.parseLong(stream.retry());
                    }
                    waitMillis = retryMillis;
                } else {
                    failures++;
                    long backoff = Math.min(MAX_BACKOFF_MILLIS, 250L << Math.min(failures, 10));
                    waitMillis = Math.max(backoff, retryAfterMillis(stream.header("Retry-After")));
                }
            } catch (UncheckedIOException refused) {
                failures++;
                waitMillis = retryMillis; // connection refused or reset: the server is away
            }
            try {
                if (closing.await(waitMillis, TimeUnit.MILLISECONDS)) {
                    return;
                }
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private void read(RawStream stream) {
        try {
            while (closing.getCount() > 0) {
                var event = stream.poll(POLL);
                if (event == null) {
                    if (stream.ended()) {
                        // events parsed before the end are in the queue already
                        for (var left = stream.poll(Duration.ZERO); left != null; left = stream.poll(Duration.ZERO)) {
                            take(left);
                        }
                        return;
                    }
                    continue;
                }
                take(event);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void take(SseEvent event) {
        if (!event.lastEventId().isEmpty()) {
            lastEventId = event.lastEventId();
        }
        if (event.type().equals(type)) {
            received.add(event);
        }
    }

    private static long retryAfterMillis(String header) {
        if (header == null) {
            return 0;
        }
        try {
            return Long.parseLong(header.trim()) * 1000;
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    /** Stops it: its connection is closed now, and its thread ends within a poll (tests close a thousand at once). */
    @Override
    public void close() {
        closing.countDown();
        var stream = current;
        if (stream != null) {
            stream.close();
        }
    }
}
