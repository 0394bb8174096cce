package herald.stream.control;

import herald.access.entity.Grant;
import herald.event.entity.EventId;
import herald.event.entity.Topic;
import herald.metrics.entity.DropReason;
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
        /** The thread each frame was written on. */
        final List<String> writers = new CopyOnWriteArrayList<>();
        /** As the Servlet API's output: its callback comes on a container thread that may write. */
        volatile boolean callbacksMayWrite;
        /** As a platform's sink: its first frames must be written on the thread that opens the stream. */
        volatile boolean writesFirstOnOpeningThread;
        final AtomicInteger flushes = new AtomicInteger();
        final AtomicBoolean closed = new AtomicBoolean();
        final AtomicInteger writing = new AtomicInteger();
        final AtomicBoolean overlapped = new AtomicBoolean();
        volatile boolean stalled;
        volatile boolean failing;
        /** The next flush can only start: the client stops taking bytes with it. */
        volatile boolean flushStalls;
        /** Writes taken before the output stalls again: a client that reads a little at a time; -1: no limit. */
        final AtomicInteger budget = new AtomicInteger(-1);
        volatile Runnable onWritable;
        volatile Runnable onGone;

        @Override
        public void start(Runnable onWritable, Runnable onGone) {
            this.onWritable = onWritable;
            this.onGone = onGone;
        }

        @Override
        public boolean callbacksMayWrite() {
            return callbacksMayWrite;
        }

        @Override
        public boolean writesFirstOnOpeningThread() {
            return writesFirstOnOpeningThread;
        }

        @Override
        public boolean ready() {
            return !stalled && !closed.get() && budget.get() != 0;
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
                writers.add(Thread.currentThread().getName());
                budget.updateAndGet(left -> left > 0 ? left - 1 : left);
            } finally {
                writing.decrementAndGet();
            }
        }

        @Override
        public boolean flush() {
            flushes.incrementAndGet();
            if (flushStalls) {
                flushStalls = false;
                stalled = true;
                return false;
            }
            return true;
        }

        @Override
        public void close() {
            closed.set(true);
        }

        void unstall() {
            stalled = false;
            onWritable.run();
        }

        /** The client takes one more frame. */
        void takeOne() {
            budget.set(1);
            onWritable.run();
        }
    }

    final RecordingOutput output = new RecordingOutput();
    final AtomicLong nanos = new AtomicLong(1_000_000_000L);
    static final Duration WRITE_TIMEOUT = Duration.ofSeconds(10);
    static final Duration MAX_LAG = Duration.ofSeconds(60);

    Subscriber subscriber(int maxBacklog) {
        return subscriber(maxBacklog, executor);
    }

    /** With {@code Runnable::run}, writing happens within the call that asked for it: the time rule's tests need no waiting. */
    Subscriber subscriber(int maxBacklog, Executor executor) {
        return new Subscriber(output, Set.of(Topic.DEFAULT), Grant.NONE, null, executor, maxBacklog, WRITE_TIMEOUT, MAX_LAG, nanos::get,
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
        await().atMost(Duration.ofSeconds(5)).alias("written: " + output.written)
                .until(() -> output.written.size() >= count);
        assertEquals(count, output.written.size(), "written: " + output.written);
    }

    @Test
    void aStreamIsClosedOnceItsTokenHasExpiredAtTheNextFrameOffered() {
        var subscriber = new Subscriber(output, Set.of(Topic.DEFAULT), Grant.NONE, Duration.ofMinutes(5), Runnable::run,
                100, WRITE_TIMEOUT, MAX_LAG, nanos::get, (closed, reason) -> dropped.set(reason), () -> { });
        subscriber.start(List.of(frame("hello")), null);
        elapse(Duration.ofMinutes(5).minusMillis(1));
        subscriber.offer(frame("still valid"));
        assertEquals(List.of("hello", "still valid"), output.written);
        assertFalse(subscriber.isClosed());
        elapse(Duration.ofMillis(1));
        subscriber.offer(frame("expired"));
        assertTrue(subscriber.isClosed());
        assertEquals(DropReason.EXPIRED, dropped.get());
        assertEquals(List.of("hello", "still valid"), output.written, "nothing written after the token expired");
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

    /** Runs tasks on the delivery threads, counting them: how many times writing was handed over. */
    final class CountingExecutor implements Executor {
        final AtomicInteger tasks = new AtomicInteger();

        @Override
        public void execute(Runnable task) {
            tasks.incrementAndGet();
            executor.execute(task);
        }
    }

    void onThread(String name, Runnable action) throws InterruptedException {
        var thread = new Thread(action, name);
        thread.start();
        thread.join(5_000);
        assertFalse(thread.isAlive());
    }

    @Test
    void anOutputThatCallsBackOnAThreadThatMayWriteIsWrittenOnThatThreadWithNoHandOver() throws Exception {
        var counting = new CountingExecutor();
        output.callbacksMayWrite = true;
        output.stalled = true; // the Servlet API's output, until the container's first onWritePossible
        var subscriber = subscriber(100, counting);
        subscriber.start(List.of(frame("hello")), null);
        assertTrue(output.written.isEmpty());
        assertEquals(0, counting.tasks.get(), "no drain handed over to find the output not ready");

        onThread("container-callback", output::unstall);
        assertEquals(List.of("hello"), output.written);
        assertEquals(List.of("container-callback"), output.writers);
        assertEquals(0, counting.tasks.get());

        subscriber.offer(frame("tick"));
        awaitWritten(2);
        assertEquals(1, counting.tasks.get(), "frames offered are written by the delivery threads");
        assertTrue(output.writers.get(1).startsWith("herald-delivery"), output.writers.toString());
    }

    @Test
    void anOutputWhoseFirstFramesTheOpeningThreadMustWriteIsWrittenThereBeforeTheStartReturns() throws Exception {
        var counting = new CountingExecutor();
        output.writesFirstOnOpeningThread = true;
        var subscriber = subscriber(100, counting);
        subscriber.offer(frame("held"));
        onThread("request", () -> subscriber.start(List.of(frame("hello"), frame("date")), null));
        assertEquals(List.of("hello", "date", "held"), output.written);
        assertEquals(List.of("request", "request", "request"), output.writers);
        assertEquals(1, output.flushes.get(), "flushed once, when all was written");
        assertEquals(0, counting.tasks.get(), "no drain handed over");

        subscriber.offer(frame("tick"));
        awaitWritten(4);
        assertEquals(1, counting.tasks.get(), "later frames are written by the delivery threads");
        assertTrue(output.writers.get(3).startsWith("herald-delivery"), output.writers.toString());
    }

    @Test
    void anOutputWhoseFirstFramesTheOpeningThreadMustWriteButIsNotReadyGetsThemOnceItCallsBack() throws Exception {
        var counting = new CountingExecutor();
        output.writesFirstOnOpeningThread = true;
        output.stalled = true;
        var subscriber = subscriber(100, counting);
        onThread("request", () -> subscriber.start(List.of(frame("hello")), null));
        assertTrue(output.written.isEmpty(), "the request's thread does not wait for the client");

        onThread("platform-callback", output::unstall);
        awaitWritten(1);
        assertEquals(1, counting.tasks.get(), "written once the output calls back, by a delivery thread");
        assertFalse(subscriber.isClosed());
    }

    @Test
    void anOutputWhoseCallbacksMayNotWriteIsWrittenByTheDeliveryThreads() throws Exception {
        var counting = new CountingExecutor();
        output.stalled = true;
        var subscriber = subscriber(100, counting);
        subscriber.start(List.of(frame("hello")), null);
        assertEquals(0, counting.tasks.get());

        onThread("platform-callback", output::unstall);
        awaitWritten(1);
        assertEquals(1, counting.tasks.get());
        assertTrue(output.writers.get(0).startsWith("herald-delivery"), output.writers.toString());
    }

    @Test
    void aFlushThatCouldOnlyStartIsMadeAgainOnceTheClientTakesBytes() {
        var subscriber = subscriber(100, Runnable::run);
        output.flushStalls = true;
        subscriber.start(List.of(frame("hello")), null);
        assertEquals(1, output.flushes.get());
        assertTrue(output.stalled);
        output.unstall();
        assertEquals(2, output.flushes.get(), "flushed again once ready, with nothing new to write");
        output.unstall();
        assertEquals(2, output.flushes.get(), "and not a third time");
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

    /** A replay whose pages the test hands out. */
    static final class HandReplay implements herald.history.control.Replay {
        final List<java.util.concurrent.CompletableFuture<herald.history.control.Page>> asked =
                new CopyOnWriteArrayList<>();

        @Override
        public java.util.concurrent.CompletableFuture<herald.history.control.Page> next() {
            var page = new java.util.concurrent.CompletableFuture<herald.history.control.Page>();
            asked.add(page);
            return page;
        }
    }

    static herald.event.entity.Event event(String data, EventId id) {
        return new herald.event.entity.Event(id, Topic.DEFAULT, null, data);
    }

    @Test
    void aReplayIsReadAPageAtATimeOnlyAsTheClientTakesItThenWhatWasHeld() {
        var store = new herald.history.control.MemoryStore(1000, Duration.ofHours(1), java.time.Clock.systemUTC());
        var from = store.last();
        var appended = new java.util.ArrayList<String>();
        for (int i = 0; i < 100; i++) {
            appended.add(store.append(event("e" + i, null)).data());
        }
        var pages = new AtomicInteger();
        var replay = store.replay(from, Set.of(Topic.DEFAULT));
        herald.history.control.Replay counted = () -> {
            pages.incrementAndGet();
            return replay.next();
        };
        var subscriber = subscriber(3, Runnable::run);
        var live = store.append(event("live", null));
        subscriber.offer(Frames.event(live)); // published while it registered: held, and written once
        output.budget.set(0);
        subscriber.start(List.of(frame("hello")), from, counted);
        assertEquals(0, pages.get(), "nothing read before the client took the greeting");
        for (int taken = 0; taken < 20; taken++) {
            output.takeOne();
        }
        assertEquals(List.of("hello", "e0", "e1"), output.written.subList(0, 3));
        assertEquals(1, pages.get(), "no second page while the client has not taken the first");
        output.budget.set(-1);
        output.unstall();
        var expected = new java.util.ArrayList<String>(List.of("hello"));
        expected.addAll(appended);
        expected.add("live");
        awaitWritten(expected.size());
        assertEquals(expected, output.written);
        assertEquals((100 + 31) / 32, pages.get());
        assertNull(dropped.get(), "a replay longer than maxBacklog (3) is not a slow client");
    }

    @Test
    void whileTheStoreIsAwayTheStreamGetsTicksHoldsEventsAndIsNotCutThenGetsItsReplay() {
        var subscriber = subscriber(100, Runnable::run);
        var replay = new HandReplay();
        subscriber.start(List.of(frame("hello")), new EventId(1, 0), replay);
        assertEquals(1, replay.asked.size());
        subscriber.offer(frame("tick"));
        subscriber.offer(frame("e3", new EventId(3, 0))); // live, after the replay's end: held
        elapse(MAX_LAG.multipliedBy(3));
        subscriber.offer(frame("tick"));
        assertEquals(List.of("hello", "tick", "tick"), output.written);
        assertNull(dropped.get(), "waiting on the store is not the client's lag");

        replay.asked.get(0).complete(herald.history.control.Page.of(
                List.of(event("e2", new EventId(2, 0)), event("e3", new EventId(3, 0))), false, new EventId(3, 0), true));
        subscriber.offer(frame("e4", new EventId(4, 0)));
        assertEquals(List.of("hello", "tick", "tick", "e2", "e3", "e4"), output.written, "e3 once");
        assertNull(dropped.get());
    }

    @Test
    void aPageThatSaysEventsMayBeGoneIsToldBeforeItsEvents() {
        var subscriber = subscriber(100, Runnable::run);
        var replay = new HandReplay();
        subscriber.start(List.of(frame("hello")), new EventId(1, 0), replay);
        replay.asked.get(0).complete(herald.history.control.Page.of(
                List.of(event("e2", new EventId(2, 0))), false, new EventId(9, 0), false));
        replay.asked.get(1).complete(herald.history.control.Page.of(
                List.of(event("e9", new EventId(9, 0))), true, new EventId(9, 0), true));
        assertEquals(4, output.written.size(), "written: " + output.written);
        assertEquals("e2", output.written.get(1));
        assertEquals("{\"lastEventId\":\"2-0\"}", output.written.get(2), "from the last id the client got");
        assertEquals("e9", output.written.get(3));
    }

    @Test
    void aClientThatTakesBytesButNeverCatchesUpIsCutOnceItHasBeenBehindForMaxLag() {
        var subscriber = subscriber(1000, Runnable::run);
        subscriber.start(List.of(frame("hello")), null);
        output.budget.set(0);
        var step = Duration.ofSeconds(5); // well within the write timeout: it never stops taking bytes
        for (long behind = 0; behind <= MAX_LAG.toSeconds() - step.toSeconds(); behind += step.toSeconds()) {
            subscriber.offer(frame("a" + behind));
            subscriber.offer(frame("b" + behind)); // two come, one is taken
            output.takeOne();
            elapse(step);
            assertNull(dropped.get(), "behind for " + behind + " s");
        }
        elapse(step);
        subscriber.offer(frame("late"));
        assertEquals(DropReason.SLOW, dropped.get());
    }

    @Test
    void aClientThatCatchesUpNowAndThenIsNeverCutForLag() {
        var subscriber = subscriber(1000, Runnable::run);
        subscriber.start(List.of(frame("hello")), null);
        output.budget.set(0);
        for (int i = 0; i < 60; i++) {
            subscriber.offer(frame("a" + i));
            subscriber.offer(frame("b" + i));
            output.takeOne();
            elapse(Duration.ofSeconds(5));
            if (i % 10 == 9) {
                output.budget.set(-1);
                output.unstall(); // takes all it had
                output.budget.set(0);
            }
        }
        assertNull(dropped.get());
    }
}
