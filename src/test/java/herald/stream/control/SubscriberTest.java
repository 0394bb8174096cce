package herald.stream.control;

import herald.event.entity.EventId;
import herald.event.entity.Topic;
import jakarta.ws.rs.sse.OutboundSseEvent;
import jakarta.ws.rs.sse.SseEventSink;
import org.glassfish.jersey.media.sse.OutboundEvent;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SubscriberTest {

    final ExecutorService executor = Delivery.start(4);
    final AtomicReference<DropReason> dropped = new AtomicReference<>();
    final CountDownLatch closed = new CountDownLatch(1);

    @AfterEach
    void stop() {
        Delivery.stop(executor);
    }

    /** A sink that keeps what is written to it; it can be made to block or to fail, as a real client's can. */
    static final class RecordingSink implements SseEventSink {
        final List<String> written = new CopyOnWriteArrayList<>();
        final AtomicBoolean closed = new AtomicBoolean();
        final AtomicInteger writing = new AtomicInteger();
        final AtomicBoolean overlapped = new AtomicBoolean();
        volatile CountDownLatch gate = new CountDownLatch(0);
        volatile boolean failing;

        @Override
        public boolean isClosed() {
            return closed.get();
        }

        @Override
        public CompletionStage<?> send(OutboundSseEvent event) {
            if (writing.incrementAndGet() > 1) {
                overlapped.set(true);
            }
            try {
                gate.await();
                if (failing) {
                    return CompletableFuture.failedFuture(new java.io.IOException("broken pipe"));
                }
                written.add(String.valueOf(event.getData()));
                return CompletableFuture.completedFuture(null);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return CompletableFuture.failedFuture(e);
            } finally {
                writing.decrementAndGet();
            }
        }

        @Override
        public void close() {
            closed.set(true);
        }
    }

    final RecordingSink sink = new RecordingSink();

    Subscriber subscriber(int maxBacklog) {
        return new Subscriber(sink, Set.of(Topic.DEFAULT), executor, maxBacklog, Duration.ofSeconds(5),
                (subscriber, reason) -> {
                    dropped.set(reason);
                    closed.countDown();
                }, () -> { });
    }

    static Frame frame(String data, EventId id) {
        return new Frame(id, new OutboundEvent.Builder().data(data).build(), id != null);
    }

    static Frame frame(String data) {
        return frame(data, null);
    }

    void awaitWritten(int count) {
        await().atMost(Duration.ofSeconds(5)).until(() -> sink.written.size() >= count);
        assertEquals(count, sink.written.size(), "written: " + sink.written);
    }

    @Test
    void writesTheReplayFirstThenWhatWasHeldWithoutRepeats() throws InterruptedException {
        var subscriber = subscriber(100);
        // live events published while the replay was being read; 1-0 and 2-0 are in the replay too
        subscriber.offer(frame("e1", new EventId(1, 0)));
        subscriber.offer(frame("tick"));
        subscriber.offer(frame("e2", new EventId(2, 0)));
        subscriber.offer(frame("e3", new EventId(3, 0)));
        assertTrue(sink.written.isEmpty(), "nothing is written while holding");

        subscriber.start(List.of(frame("hello"), frame("e1", new EventId(1, 0)), frame("e2", new EventId(2, 0))),
                new EventId(2, 0));
        subscriber.offer(frame("e4", new EventId(4, 0)));
        awaitWritten(6);
        assertEquals(List.of("hello", "e1", "e2", "tick", "e3", "e4"), sink.written);
        assertFalse(sink.overlapped.get(), "one write at a time");
    }

    @Test
    void aStreamThatFallsBehindItsBoundIsDroppedAsSlow() throws InterruptedException {
        sink.gate = new CountDownLatch(1);
        var subscriber = subscriber(3);
        subscriber.start(List.of(frame("hello")), null);
        for (int i = 0; i < 5; i++) {
            subscriber.offer(frame("e" + i));
        }
        assertTrue(closed.await(5, TimeUnit.SECONDS));
        assertEquals(DropReason.SLOW, dropped.get());
        assertTrue(subscriber.isClosed());
        sink.gate.countDown();
        await().atMost(Duration.ofSeconds(5)).untilTrue(sink.closed);
    }

    @Test
    void aFailedWriteMeansTheClientHasGone() throws InterruptedException {
        sink.failing = true;
        var subscriber = subscriber(10);
        subscriber.start(List.of(frame("hello")), null);
        assertTrue(closed.await(5, TimeUnit.SECONDS));
        assertEquals(DropReason.GONE, dropped.get());
        subscriber.offer(frame("after"));
        assertTrue(sink.written.isEmpty());
    }

    @Test
    void manyOffersFromManyThreadsAreWrittenOnceEachInOneOrderPerThread() throws InterruptedException {
        var subscriber = subscriber(100_000);
        subscriber.start(List.of(), null);
        var threads = new Thread[4];
        for (int t = 0; t < threads.length; t++) {
            int thread = t;
            threads[t] = new Thread(() -> {
                for (int i = 0; i < 500; i++) {
                    subscriber.offer(frame(thread + ":" + i));
                }
            });
            threads[t].start();
        }
        for (var thread : threads) {
            thread.join();
        }
        awaitWritten(2000);
        assertFalse(sink.overlapped.get(), "one write at a time");
        for (int t = 0; t < threads.length; t++) {
            int thread = t;
            var mine = sink.written.stream().filter(data -> data.startsWith(thread + ":")).toList();
            for (int i = 0; i < 500; i++) {
                assertEquals(thread + ":" + i, mine.get(i));
            }
        }
    }
}
