package herald.stream.control;

import herald.event.entity.EventId;
import herald.event.entity.Topic;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SubscriberTest {

    final Delivery executor = new Delivery(4);
    final AtomicReference<DropReason> dropped = new AtomicReference<>();

    @AfterEach
    void stop() {
        executor.close();
    }

    /**
     * An output as the Servlet API's non-blocking one behaves: it takes writes while ready, and once
     * it was found not ready, it calls back when the client takes bytes again.
     */
    static final class RecordingOutput implements Output {
        final List<String> written = new CopyOnWriteArrayList<>();
        final AtomicInteger flushes = new AtomicInteger();
        final AtomicBoolean closed = new AtomicBoolean();
        final AtomicInteger writing = new AtomicInteger();
        final AtomicBoolean overlapped = new AtomicBoolean();
        volatile boolean stalled;
        volatile boolean failing;
        volatile Runnable onWritable;
        volatile Runnable onGone;

        @Override
        public void start(Runnable onWritable, Runnable onGone) {
            this.onWritable = onWritable;
            this.onGone = onGone;
        }

        @Override
        public boolean ready() {
            return !stalled && !closed.get();
        }

        @Override
        public void write(Frame frame) throws IOException {
            if (writing.incrementAndGet() > 1) {
                overlapped.set(true);
            }
            try {
                if (failing) {
                    throw new IOException("broken pipe");
                }
                written.add(frame.data());
            } finally {
                writing.decrementAndGet();
            }
        }

        @Override
        public void flush() {
            flushes.incrementAndGet();
        }

        @Override
        public void close() {
            closed.set(true);
        }

        void unstall() {
            stalled = false;
            onWritable.run();
        }
    }

    final RecordingOutput output = new RecordingOutput();
    final AtomicLong nanos = new AtomicLong(1_000_000_000L);
    static final Duration WRITE_TIMEOUT = Duration.ofSeconds(10);

    Subscriber subscriber(int maxBacklog) {
        return subscriber(maxBacklog, executor);
    }

    /** With {@code Runnable::run}, writing happens within the call that asked for it: the time rule's tests need no waiting. */
    Subscriber subscriber(int maxBacklog, Executor executor) {
        return new Subscriber(output, Set.of(Topic.DEFAULT), executor, maxBacklog, WRITE_TIMEOUT, nanos::get,
                (subscriber, reason) -> dropped.set(reason), () -> { });
    }

    void elapse(Duration duration) {
        nanos.addAndGet(duration.toNanos());
    }

    static Frame frame(String data, EventId id) {
        return Frame.event(id, id != null, null, null, Frame.NO_RETRY, data);
    }

    static Frame frame(String data) {
        return frame(data, null);
    }

    void awaitWritten(int count) {
        await().atMost(Duration.ofSeconds(5)).until(() -> output.written.size() >= count);
        assertEquals(count, output.written.size(), "written: " + output.written);
    }

    @Test
    void writesTheReplayFirstThenWhatWasHeldWithoutRepeats() {
        var subscriber = subscriber(100);
        // live events published while the replay was being read; 1-0 and 2-0 are in the replay too
        subscriber.offer(frame("e1", new EventId(1, 0)));
        subscriber.offer(frame("tick"));
        subscriber.offer(frame("e2", new EventId(2, 0)));
        subscriber.offer(frame("e3", new EventId(3, 0)));
        assertTrue(output.written.isEmpty(), "nothing is written while holding");

        subscriber.start(List.of(frame("hello"), frame("e1", new EventId(1, 0)), frame("e2", new EventId(2, 0))),
                new EventId(2, 0));
        subscriber.offer(frame("e4", new EventId(4, 0)));
        awaitWritten(6);
        assertEquals(List.of("hello", "e1", "e2", "tick", "e3", "e4"), output.written);
        assertFalse(output.overlapped.get(), "one write at a time");
        await().atMost(Duration.ofSeconds(5)).until(() -> output.flushes.get() >= 1);
    }

    @Test
    void anEventTheReplayHadThatArrivesLiveOnlyAfterTheStartIsNotWrittenTwice() {
        var subscriber = subscriber(100, Runnable::run);
        subscriber.start(List.of(frame("hello"), frame("e1", new EventId(1, 0)), frame("e2", new EventId(2, 0))),
                new EventId(2, 0));
        // as from Redis's reader, which delivers live what the replay already read from the stream
        subscriber.offer(frame("e2", new EventId(2, 0)));
        subscriber.offer(frame("tick"));
        subscriber.offer(frame("e3", new EventId(3, 0)));
        subscriber.offer(frame("e3", new EventId(3, 0)));
        awaitWritten(5);
        assertEquals(List.of("hello", "e1", "e2", "tick", "e3"), output.written);
    }

    @Test
    void waitsForAStalledClientWithoutLosingAnythingAndGoesOnWhenItReads() {
        var subscriber = subscriber(100);
        output.stalled = true;
        subscriber.start(List.of(frame("hello")), null);
        subscriber.offer(frame("a"));
        subscriber.offer(frame("b"));
        assertTrue(output.written.isEmpty());
        output.unstall();
        awaitWritten(3);
        assertEquals(List.of("hello", "a", "b"), output.written);
        assertNull(dropped.get());
    }

    @Test
    void aStreamThatFallsBehindItsBoundIsDroppedAsSlow() {
        var subscriber = subscriber(3);
        output.stalled = true;
        subscriber.start(List.of(frame("hello")), null);
        // what a stream starts with (greeting, replay) does not count against the bound; what follows does
        subscriber.offer(frame("e1"));
        subscriber.offer(frame("e2"));
        subscriber.offer(frame("e3"));
        assertNull(dropped.get(), "three live frames queued: at the bound, not past it");
        subscriber.offer(frame("one too many"));
        assertEquals(DropReason.SLOW, dropped.get());
        assertTrue(subscriber.isClosed());
        assertTrue(output.closed.get(), "its response is ended");
    }

    @Test
    void aReplayLongerThanTheBoundIsWrittenWholeAndTheBoundHoldsAgainAfterIt() {
        var subscriber = subscriber(3);
        output.stalled = true;
        var replay = new java.util.ArrayList<Frame>();
        for (int i = 0; i < 10; i++) {
            replay.add(frame("r" + i, new EventId(i + 1, 0)));
        }
        subscriber.start(replay, new EventId(10, 0));
        subscriber.offer(frame("live1"));
        subscriber.offer(frame("live2"));
        assertNull(dropped.get(), "a replay is not a slow client");
        output.unstall();
        awaitWritten(12);
        output.stalled = true;
        for (int i = 0; i < 3; i++) {
            subscriber.offer(frame("x" + i));
        }
        assertNull(dropped.get());
        subscriber.offer(frame("one too many"));
        assertEquals(DropReason.SLOW, dropped.get(), "once the replay is written, the bound is maxBacklog again");
    }

    @Test
    void aFailedWriteMeansTheClientHasGone() {
        output.failing = true;
        var subscriber = subscriber(10);
        subscriber.start(List.of(frame("hello")), null);
        await().atMost(Duration.ofSeconds(5)).until(() -> dropped.get() != null);
        assertEquals(DropReason.GONE, dropped.get());
        output.failing = false;
        subscriber.offer(frame("after"));
        assertTrue(output.written.isEmpty());
    }

    @Test
    void theContainerSayingTheClientLeftClosesTheStream() {
        var subscriber = subscriber(10);
        subscriber.start(List.of(), null);
        output.onGone.run();
        assertEquals(DropReason.GONE, dropped.get());
        assertTrue(subscriber.isClosed());
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
                    if (i % 100 == 0) {
                        output.stalled = true;
                        output.unstall();
                    }
                }
            });
            threads[t].start();
        }
        for (var thread : threads) {
            thread.join();
        }
        awaitWritten(2000);
        assertFalse(output.overlapped.get(), "one write at a time");
        for (int t = 0; t < threads.length; t++) {
            int thread = t;
            var mine = output.written.stream().filter(data -> data.startsWith(thread + ":")).toList();
            for (int i = 0; i < 500; i++) {
                assertEquals(thread + ":" + i, mine.get(i));
            }
        }
    }
    @Test
    void aClientThatTakesNoByteForTheWriteTimeoutIsCutOffAtTheNextFrame() {
        var subscriber = subscriber(100, Runnable::run);
        output.stalled = true;
        subscriber.start(List.of(frame("hello")), null);
        subscriber.offer(frame("a"));
        elapse(WRITE_TIMEOUT);
        subscriber.offer(frame("b"));
        assertNull(dropped.get(), "not cut at the timeout itself");

        elapse(Duration.ofMillis(1));
        subscriber.offer(frame("c"));
        assertEquals(DropReason.SLOW, dropped.get());
        assertTrue(subscriber.isClosed());
        assertTrue(output.closed.get());
    }

    @Test
    void aClientThatTakesBytesAgainStartsItsWriteTimeoutAfresh() {
        var subscriber = subscriber(100, Runnable::run);
        output.stalled = true;
        subscriber.start(List.of(frame("hello")), null);
        subscriber.offer(frame("a"));
        elapse(WRITE_TIMEOUT.minusSeconds(1));
        output.unstall();
        awaitWritten(2);

        elapse(Duration.ofSeconds(5));
        subscriber.offer(frame("b"));
        awaitWritten(3);
        assertNull(dropped.get());
        assertFalse(subscriber.isClosed());
    }

    @Test
    void aQuietClientThatReadsIsNeverCutHoweverLongNothingIsSent() {
        var subscriber = subscriber(100, Runnable::run);
        subscriber.start(List.of(frame("hello")), null);
        awaitWritten(1);
        elapse(Duration.ofHours(1));
        subscriber.offer(frame("a"));
        awaitWritten(2);
        assertNull(dropped.get());
    }
}
