package herald.stream.control;

import herald.access.entity.Grant;
import herald.event.entity.EventId;
import herald.event.entity.Topic;
import herald.metrics.entity.DropReason;
import jakarta.ws.rs.sse.OutboundSseEvent;
import jakarta.ws.rs.sse.SseEventSink;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.InterruptedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The Jakarta REST transport's wrapper sink, whole: {@link StreamSink} as a broadcaster calls it, the
 * stream's {@link Subscriber}, and {@link SinkOutput} sending to a platform sink on the pool that drains the stream.
 */
class StreamSinkTest {

    static final Duration WRITE_TIMEOUT = Duration.ofSeconds(10);
    static final Duration MAX_LAG = Duration.ofSeconds(60);
    static final Duration WAIT = Duration.ofSeconds(5);

    final Delivery sends = new Delivery("test-send", 4);
    final PlatformSink platform = new PlatformSink();
    /** The response beneath the platform's sink, for the tests of a platform that writes to it (Jersey); null: none. */
    Beneath beneath;
    final AtomicLong nanos = new AtomicLong(1_000_000_000L);
    final List<DropReason> dropped = new CopyOnWriteArrayList<>();
    SinkOutput output;

    @AfterEach
    void stop() {
        platform.release();
        sends.close();
    }

    /**
     * A platform's sink as Jersey's behaves: {@code send} writes on the calling thread and returns a completed
     * stage; while a client does not read, it blocks (here: until released, or interrupted if it honours that).
     */
    static final class PlatformSink implements SseEventSink {
        final List<String> sent = new CopyOnWriteArrayList<>();
        final List<String> threads = new CopyOnWriteArrayList<>();
        final AtomicInteger sending = new AtomicInteger();
        final AtomicInteger entered = new AtomicInteger();
        final AtomicBoolean overlapped = new AtomicBoolean();
        final AtomicBoolean interrupted = new AtomicBoolean();
        final AtomicBoolean closedUnderASend = new AtomicBoolean();
        final AtomicInteger closes = new AtomicInteger();
        volatile CountDownLatch blocked;
        /** Set: close blocks until released, as ending a chunked response does on a client that stopped reading. */
        volatile CountDownLatch closeBlocked;
        volatile boolean honoursInterrupts = true;
        volatile boolean failing;
        volatile boolean closed;

        void block() {
            blocked = new CountDownLatch(1);
        }

        void release() {
            var latch = blocked;
            blocked = null;
            if (latch != null) {
                latch.countDown();
            }
        }

        @Override
        public CompletionStage<?> send(OutboundSseEvent event) {
            if (closed) {
                throw new IllegalStateException("closed");
            }
            entered.incrementAndGet();
            threads.add(Thread.currentThread().getName());
            if (sending.incrementAndGet() > 1) {
                overlapped.set(true);
            }
            try {
                var latch = blocked;
                if (latch != null) {
                    if (honoursInterrupts) {
                        try {
                            latch.await();
                        } catch (InterruptedException e) {
                            interrupted.set(true);
                            return CompletableFuture.failedFuture(new InterruptedIOException("write interrupted"));
                        }
                    } else {
                        while (blocked == latch) {
                            try {
                                latch.await();
                            } catch (InterruptedException ignoredAsSomeContainersDo) {
                                interrupted.set(true);
                            }
                        }
                    }
                }
                if (failing) {
                    return CompletableFuture.failedFuture(new java.io.IOException("broken pipe"));
                }
                sent.addAll(fromTheWire(((FrameEvent) event).frame()));
                return CompletableFuture.completedFuture(null);
            } finally {
                sending.decrementAndGet();
            }
        }

        /**
         * Each event's data, or a comment as {@code ": text"}, read from the frame's bytes, as Jersey writes them (one
         * send may carry several frames as one).
         */
        static List<String> fromTheWire(Frame frame) {
            var found = new ArrayList<String>();
            var text = new String(frame.bytes(), java.nio.charset.StandardCharsets.UTF_8);
            for (var block : text.split("\n\n")) {
                if (block.startsWith(":")) {
                    found.add(block);
                    continue;
                }
                var data = new ArrayList<String>();
                for (var line : block.split("\n", -1)) {
                    if (line.startsWith("data:")) {
                        data.add(line.substring(line.startsWith("data: ") ? 6 : 5));
                    }
                }
                found.add(String.join("\n", data));
            }
            return found;
        }

        @Override
        public boolean isClosed() {
            return closed;
        }

        @Override
        public void close() {
            if (sending.get() > 0) {
                closedUnderASend.set(true);
            }
            closes.incrementAndGet();
            closed = true;
            var latch = closeBlocked;
            if (latch != null) {
                try {
                    latch.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }
    }

    /**
     * The response beneath a sink as Jersey's servlet response behaves: committed once the sink has written a frame
     * ({@code commits}), blocking writes while a client does not read (until released, or interrupted).
     */
    final class Beneath implements ResponseStream {
        final java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        final List<String> threads = new CopyOnWriteArrayList<>();
        final AtomicInteger writes = new AtomicInteger();
        final AtomicBoolean interrupted = new AtomicBoolean();
        final AtomicInteger ends = new AtomicInteger();
        final AtomicBoolean writing = new AtomicBoolean();
        final AtomicBoolean endedUnderAWrite = new AtomicBoolean();
        volatile boolean commits = true;
        volatile boolean failing;
        volatile CountDownLatch blocked;

        @Override
        public boolean committed() {
            return commits && platform.entered.get() > 0;
        }

        @Override
        public void write(byte[] frame) throws java.io.IOException {
            writes.incrementAndGet();
            threads.add(Thread.currentThread().getName());
            writing.set(true);
            try {
                var latch = blocked;
                if (latch != null) {
                    try {
                        latch.await();
                    } catch (InterruptedException e) {
                        interrupted.set(true);
                        throw new InterruptedIOException("write interrupted");
                    }
                }
                if (failing) {
                    throw new java.io.IOException("broken pipe");
                }
                synchronized (bytes) {
                    bytes.write(frame);
                }
            } finally {
                writing.set(false);
            }
        }

        @Override
        public void end() {
            if (writing.get()) {
                endedUnderAWrite.set(true);
            }
            ends.incrementAndGet();
        }

        String written() {
            synchronized (bytes) {
                return bytes.toString(java.nio.charset.StandardCharsets.UTF_8);
            }
        }
    }

    Subscriber subscriber(int maxBacklog, Set<Topic> topics) {
        return subscriber(maxBacklog, topics, sends);
    }

    /** With {@code Runnable::run}, the drain runs within the call that asked for it: the time rule needs no waiting. */
    Subscriber subscriber(int maxBacklog, Set<Topic> topics, java.util.concurrent.Executor drain) {
        output = new SinkOutput(platform, beneath, sends);
        return new Subscriber(output, topics, Grant.NONE, null, drain, maxBacklog, WRITE_TIMEOUT, MAX_LAG, nanos::get,
                (subscriber, reason) -> dropped.add(reason), () -> { });
    }

    /** As the stream resource does: starts the stream on the request's thread, which sends its first frames. */
    Thread start(Subscriber subscriber, List<Frame> first, EventId replayedUpTo) {
        var request = new Thread(() -> subscriber.start(first, replayedUpTo), "request");
        request.start();
        return request;
    }

    static void returns(Thread request) throws InterruptedException {
        request.join(WAIT.toMillis());
        assertFalse(request.isAlive(), "the request's thread returns");
    }

    static FrameEvent event(Topic topic, String data, EventId id) {
        return new FrameEvent(topic, Frame.event(id, id != null, null, id == null ? null : id.toString(),
                Frame.NO_RETRY, data));
    }

    static FrameEvent tick(String data) {
        return event(Topic.DEFAULT, data, null);
    }

    void awaitSent(String... expected) {
        await().atMost(WAIT).until(() -> platform.sent.size() >= expected.length);
        assertEquals(List.of(expected), platform.sent);
    }

    @Test
    void holdsLiveEventsWhileTheReplayIsWrittenThenSendsThemInOrderWithoutRepeats() {
        var subscriber = subscriber(100, Set.of(Topic.DEFAULT));
        var sink = new StreamSink(subscriber);
        sink.send(event(Topic.DEFAULT, "e1", new EventId(1, 0)));
        sink.send(tick("tick"));
        sink.send(event(Topic.DEFAULT, "e3", new EventId(3, 0)));
        assertEquals(0, platform.entered.get(), "nothing is sent while the replay is read");

        start(subscriber, List.of(tick("hello").frame(), event(Topic.DEFAULT, "e1", new EventId(1, 0)).frame(),
                event(Topic.DEFAULT, "e2", new EventId(2, 0)).frame()), new EventId(2, 0));
        sink.send(event(Topic.DEFAULT, "e4", new EventId(4, 0)));
        awaitSent("hello", "e1", "e2", "tick", "e3", "e4");
        assertFalse(platform.overlapped.get(), "one send at a time");
    }

    @Test
    void keepsWhatIsForItsTopicsAndHeartbeatsWhichAreForAll() {
        var news = new Topic("news");
        var subscriber = subscriber(100, Set.of(news));
        var sink = new StreamSink(subscriber);
        start(subscriber, List.of(), null);
        sink.send(event(new Topic("sport"), "not mine", new EventId(1, 0)));
        sink.send(tick("not mine either"));
        sink.send(event(news, "mine", new EventId(2, 0)));
        sink.send(new FrameEvent(null, Frame.comment("heartbeat")));
        awaitSent("mine", ": heartbeat");
    }

    @Test
    void sendReturnsAtOnceAndKeepsOneSendInFlightWhileTheClientDoesNotRead() {
        var subscriber = subscriber(100, Set.of(Topic.DEFAULT));
        var sink = new StreamSink(subscriber);
        platform.block();
        start(subscriber, List.of(tick("hello").frame()), null);
        await().atMost(WAIT).until(() -> platform.entered.get() == 1);
        for (int i = 0; i < 20; i++) {
            assertTrue(sink.send(tick("t" + i)).toCompletableFuture().isDone(), "the broadcaster is never held");
        }
        assertEquals(1, platform.entered.get(), "no second send while the first is blocked");

        platform.release();
        var expected = new ArrayList<String>(List.of("hello"));
        for (int i = 0; i < 20; i++) {
            expected.add("t" + i);
        }
        awaitSent(expected.toArray(String[]::new));
        assertFalse(platform.overlapped.get());
        assertTrue(dropped.isEmpty());
    }

    @Test
    void aStreamPastItsBoundIsCutAsSlowAndItsBlockedSendIsInterrupted() {
        var subscriber = subscriber(3, Set.of(Topic.DEFAULT));
        var sink = new StreamSink(subscriber);
        platform.block();
        start(subscriber, List.of(tick("hello").frame()), null);
        await().atMost(WAIT).until(() -> platform.entered.get() == 1);
        for (int i = 0; i < 3; i++) {
            sink.send(tick("t" + i));
        }
        assertTrue(dropped.isEmpty(), "at the bound, not past it");
        sink.send(tick("one too many"));

        assertEquals(List.of(DropReason.SLOW), dropped);
        await().atMost(WAIT).until(() -> platform.closes.get() == 1);
        assertTrue(platform.interrupted.get(), "the send that held a thread is given up");
        assertFalse(platform.closedUnderASend.get());
        assertThrows(IllegalStateException.class, () -> sink.send(tick("after")),
                "an ended stream's sink refuses events, so that the broadcaster drops it");
        assertTrue(sink.isClosed());
    }

    @Test
    void aClientThatTakesNothingForTheWriteTimeoutIsCutAtTheNextFrame() {
        var subscriber = subscriber(100, Set.of(Topic.DEFAULT), Runnable::run);
        var sink = new StreamSink(subscriber);
        platform.block();
        start(subscriber, List.of(tick("hello").frame()), null);
        await().atMost(WAIT).until(() -> platform.entered.get() == 1);
        assertCutJustPastTheWriteTimeout(sink);
    }

    @Test
    void aSendThatBlocksForLongerThanTheWriteTimeoutIsCutAtTheNextFrame() {
        var subscriber = subscriber(100, Set.of(Topic.DEFAULT));
        var sink = new StreamSink(subscriber);
        start(subscriber, List.of(tick("hello").frame()), null);
        awaitSent("hello");
        platform.block();
        sink.send(tick("blocks"));
        await().atMost(WAIT).until(() -> platform.entered.get() == 2);
        // The drain waits inside the send, where only the offers can see it.
        assertCutJustPastTheWriteTimeout(sink);
    }

    /** With a send blocked since now: the next frame offered once the write timeout has passed cuts the stream. */
    void assertCutJustPastTheWriteTimeout(StreamSink sink) {
        nanos.addAndGet(WRITE_TIMEOUT.toNanos());
        sink.send(tick("at the timeout"));
        assertTrue(dropped.isEmpty(), "not cut at the timeout itself");

        nanos.addAndGet(Duration.ofMillis(1).toNanos());
        sink.send(tick("past it"));
        assertEquals(List.of(DropReason.SLOW), dropped);
        await().atMost(WAIT).until(() -> platform.closes.get() == 1);
        assertTrue(platform.interrupted.get(), "the send that held a thread is given up");
    }

    @Test
    void aCloseWhileASendIsInFlightClosesThePlatformSinkOnlyOnceThatSendHasReturned() throws InterruptedException {
        var subscriber = subscriber(100, Set.of(Topic.DEFAULT));
        platform.honoursInterrupts = false;
        platform.block();
        start(subscriber, List.of(tick("hello").frame()), null);
        await().atMost(WAIT).until(() -> platform.entered.get() == 1);

        subscriber.close(DropReason.SHUTDOWN);
        await().atMost(WAIT).until(platform.interrupted::get);
        TimeUnit.MILLISECONDS.sleep(100); // nothing to wait for: the close must not happen on its own
        assertEquals(0, platform.closes.get(), "not closed under the send");

        platform.release();
        await().atMost(WAIT).until(() -> platform.closes.get() == 1);
        assertFalse(platform.closedUnderASend.get());
        assertEquals(List.of(DropReason.SHUTDOWN), dropped);
    }

    @Test
    void theFirstFramesAreSentOnTheRequestsOwnThreadBeforeItReturnsAndTheRestOnThePool() throws InterruptedException {
        var subscriber = subscriber(100, Set.of(Topic.DEFAULT));
        var sink = new StreamSink(subscriber);
        sink.send(tick("held"));
        returns(start(subscriber, List.of(tick("hello").frame(), tick("date").frame()), null));
        assertEquals(List.of("hello", "date", "held"), platform.sent, "sent before the request's method returns");
        assertEquals(List.of("request", "request", "request"), platform.threads,
                "the platform commits the response on the request's thread, with no hand-over");

        sink.send(tick("next"));
        awaitSent("hello", "date", "held", "next");
        assertTrue(platform.threads.get(3).startsWith("test-send"), platform.threads.toString());
    }

    @Test
    void aStreamThatEndsBeforeItStartsSendsNothing() throws InterruptedException {
        var subscriber = subscriber(100, Set.of(Topic.DEFAULT));
        subscriber.close(DropReason.GONE);
        returns(start(subscriber, List.of(tick("hello").frame()), null));
        await().atMost(WAIT).until(() -> platform.closes.get() == 1);
        assertEquals(0, platform.entered.get());
    }

    @Test
    void aPlatformCloseThatBlocksHoldsNoLockThatOthersNeed() throws Exception {
        var queued = new java.util.concurrent.LinkedBlockingQueue<Runnable>();
        var output = new SinkOutput(platform, null, queued::add);
        output.start(() -> { }, () -> { });
        output.write(tick("first").frame());
        output.close(); // not on the caller's thread: the platform's close is a task on the pool
        platform.closeBlocked = new CountDownLatch(1);
        var closeTask = new Thread(queued.take());
        closeTask.start();
        await().atMost(WAIT).until(() -> platform.closes.get() == 1);

        var answered = CompletableFuture.supplyAsync(output::ready);
        assertFalse(answered.get(1, TimeUnit.SECONDS), "answered at once, while the platform's close still blocks");
        platform.closeBlocked.countDown();
        closeTask.join(WAIT.toMillis());
        assertEquals(List.of("first"), platform.sent, "nothing sent once closed");
    }

    @Test
    void closesFromManyThreadsAtOnceEndTheStreamOnce() throws InterruptedException {
        var subscriber = subscriber(100, Set.of(Topic.DEFAULT));
        var sink = new StreamSink(subscriber);
        start(subscriber, List.of(tick("hello").frame()), null);
        awaitSent("hello");
        var start = new CountDownLatch(1);
        var threads = new ArrayList<Thread>();
        for (int i = 0; i < 8; i++) {
            var reason = i % 2 == 0 ? DropReason.GONE : DropReason.SHUTDOWN;
            var thread = new Thread(() -> {
                try {
                    start.await();
                } catch (InterruptedException e) {
                    return;
                }
                if (reason == DropReason.GONE) {
                    sink.close();
                } else {
                    subscriber.close(reason);
                }
            });
            thread.start();
            threads.add(thread);
        }
        start.countDown();
        for (var thread : threads) {
            thread.join(WAIT.toMillis());
        }
        await().atMost(WAIT).until(() -> platform.closes.get() >= 1);
        assertEquals(1, dropped.size(), "ended once: " + dropped);
        assertEquals(1, platform.closes.get(), "the platform's sink closed once");
    }

    @Test
    void aFailedSendMeansTheClientHasGone() {
        var subscriber = subscriber(100, Set.of(Topic.DEFAULT));
        platform.failing = true;
        start(subscriber, List.of(tick("hello").frame()), null);
        await().atMost(WAIT).until(() -> !dropped.isEmpty());
        assertEquals(List.of(DropReason.GONE), dropped);
        await().atMost(WAIT).until(() -> platform.closes.get() == 1);
    }

    @Test
    void onAResponseBeneathTheSinkTheSinkCommitsItAndTheLaterFramesGoThereAsTheyAre() throws InterruptedException {
        beneath = new Beneath();
        var subscriber = subscriber(100, Set.of(Topic.DEFAULT));
        var sink = new StreamSink(subscriber);
        var hello = tick("hello").frame();
        var date = tick("date").frame();
        var next = event(Topic.DEFAULT, "line one\n\nline three", new EventId(1, 0));
        returns(start(subscriber, List.of(hello, date), null));
        sink.send(next);
        var expected = new String(next.frame().bytes(), java.nio.charset.StandardCharsets.UTF_8);
        await().atMost(WAIT).until(() -> beneath.written().length() >= expected.length());

        assertEquals(List.of("hello", "date"), platform.sent, "the platform commits the response with the first frames");
        assertEquals(1, platform.entered.get(), "what the stream starts with, sent as one");
        assertEquals(List.of("request"), platform.threads, "on the request's thread");
        assertEquals(expected, beneath.written(), "the later frame byte for byte");
        assertEquals(1, beneath.writes.get());
        assertTrue(beneath.threads.get(0).startsWith("test-send"), beneath.threads.toString());
    }

    /**
     * Starts a stream on a response beneath the sink, then sends a frame whose write there blocks, and offers the
     * frames while it does; releases it once they are queued, and waits until what all of them make has been written.
     */
    void queueBehindABlockedWriteBeneath(FrameEvent... queued) {
        beneath = new Beneath();
        var subscriber = subscriber(100, Set.of(Topic.DEFAULT));
        var sink = new StreamSink(subscriber);
        start(subscriber, List.of(tick("hello").frame()), null);
        awaitSent("hello");
        var release = new CountDownLatch(1);
        beneath.blocked = release;
        var blocks = tick("blocks");
        sink.send(blocks);
        await().atMost(WAIT).until(() -> beneath.writes.get() == 1);
        for (var frame : queued) {
            sink.send(frame);
        }
        beneath.blocked = null;
        release.countDown();
        int expected = blocks.frame().bytes().length;
        for (var frame : queued) {
            expected += frame.frame().bytes().length;
        }
        int length = expected;
        await().atMost(WAIT).until(() -> beneath.written().length() >= length);
        assertTrue(dropped.isEmpty());
    }

    @Test
    void framesQueuedWhileAWriteBeneathTheSinkBlockedGoOutAsOneWrite() {
        var t1 = tick("t1");
        var t2 = tick("t2");
        queueBehindABlockedWriteBeneath(t1, t2);

        assertEquals("data: blocks\n\ndata: t1\n\ndata: t2\n\n", beneath.written(), "in order, byte for byte");
        assertEquals(2, beneath.writes.get(), "the two frames that waited, in one write");
    }

    @Test
    void framesQueuedBeneathTheSinkGoOutInWritesOfAtMostABatch() {
        var large = tick("x".repeat(Batch.BYTES / 2));
        queueBehindABlockedWriteBeneath(large, large, large);

        assertEquals(4, beneath.writes.get(), "each half-batch frame alone: two would be more than a batch");
    }

    @Test
    void framesStayOnTheSinkWhileItHasNotCommittedTheResponse() {
        beneath = new Beneath();
        beneath.commits = false;
        var subscriber = subscriber(100, Set.of(Topic.DEFAULT));
        start(subscriber, List.of(tick("hello").frame(), tick("date").frame()), null);
        new StreamSink(subscriber).send(tick("next"));
        awaitSent("hello", "date", "next");
        assertEquals(0, beneath.writes.get(), "a frame the platform may only have queued is never overtaken");
    }

    @Test
    void aFailedWriteBeneathTheSinkMeansTheClientHasGoneAndTheResponseIsEndedThere() {
        beneath = new Beneath();
        var subscriber = subscriber(100, Set.of(Topic.DEFAULT));
        start(subscriber, List.of(tick("hello").frame()), null);
        awaitSent("hello");
        beneath.failing = true;
        new StreamSink(subscriber).send(tick("next"));
        await().atMost(WAIT).until(() -> !dropped.isEmpty());
        assertEquals(List.of(DropReason.GONE), dropped);
        await().atMost(WAIT).until(() -> beneath.ends.get() == 1);
        assertEquals(0, platform.closes.get(), "the platform's sink, let go once it committed, is not used to end it");
    }

    @Test
    void aStreamEndedBeforeTheSinkCommittedIsEndedByTheSink() {
        beneath = new Beneath();
        beneath.commits = false;
        var subscriber = subscriber(100, Set.of(Topic.DEFAULT));
        start(subscriber, List.of(tick("hello").frame()), null);
        awaitSent("hello");
        output.close();
        await().atMost(WAIT).until(() -> platform.closes.get() == 1);
        assertEquals(0, beneath.ends.get());
    }

    @Test
    void aBlockedWriteBeneathTheSinkIsInterruptedWhenTheStreamIsCutThenTheResponseIsEnded() {
        beneath = new Beneath();
        var subscriber = subscriber(2, Set.of(Topic.DEFAULT));
        var sink = new StreamSink(subscriber);
        start(subscriber, List.of(tick("hello").frame()), null);
        awaitSent("hello");
        beneath.blocked = new CountDownLatch(1);
        sink.send(tick("blocks"));
        await().atMost(WAIT).until(() -> beneath.writes.get() == 1);
        sink.send(tick("t1"));
        sink.send(tick("t2"));
        sink.send(tick("one too many"));

        assertEquals(List.of(DropReason.SLOW), dropped);
        await().atMost(WAIT).until(() -> beneath.ends.get() == 1);
        assertTrue(beneath.interrupted.get(), "the write that held a thread is given up");
        assertEquals(1, beneath.writes.get(), "nothing written after it");
        assertFalse(beneath.endedUnderAWrite.get(), "ended once the write has returned, never under it");
        assertEquals(0, platform.closes.get());
    }

    @Test
    void onceItsSinkHasCommittedTheResponseAStreamLetsGoOfTheSinkAndWithItThePlatformsRequest()
            throws java.io.IOException {
        var response = new BareResponse();
        var written = response.written;
        var ends = response.ends;
        var sink = new PlatformSink();
        var sinkCollected = new java.lang.ref.WeakReference<>(sink);
        var stream = new SinkOutput(sink, response, sends);
        stream.write(tick("hello").frame());
        assertTrue(stream.flush());
        assertEquals(List.of("hello"), sink.sent, "the platform's sink commits the response");
        sink = null;

        var date = tick("date").frame();
        stream.write(date);
        assertTrue(written.isEmpty(), "sent at the flush");
        assertTrue(stream.flush());
        assertEquals(List.of(new String(date.bytes(), java.nio.charset.StandardCharsets.UTF_8)), written);
        // The sink holds the platform's request (on Jersey its scope, request, response and routing state): once it
        // has committed the response, nothing may keep it for the stream's life.
        await().atMost(WAIT).until(() -> {
            System.gc();
            return sinkCollected.get() == null;
        });
        stream.close();
        await().atMost(WAIT).until(() -> ends.get() == 1);
    }

    /** A response beneath a sink that keeps what is written to it and counts its ends; committed unless told. */
    static final class BareResponse implements ResponseStream {
        final List<String> written = new CopyOnWriteArrayList<>();
        final AtomicInteger ends = new AtomicInteger();
        volatile boolean commits = true;

        @Override
        public boolean committed() {
            return commits;
        }

        @Override
        public void write(byte[] bytes) {
            written.add(new String(bytes, java.nio.charset.StandardCharsets.UTF_8));
        }

        @Override
        public void end() {
            ends.incrementAndGet();
        }
    }

    @Test
    void aStreamThatHasEndedLetsGoOfTheResponseWhichTheBroadcasterWouldOtherwiseKeep() throws java.io.IOException {
        var response = new BareResponse();
        var ends = response.ends;
        var responseCollected = new java.lang.ref.WeakReference<>(response);
        var stream = new SinkOutput(new PlatformSink(), response, sends);
        stream.write(tick("hello").frame());
        assertTrue(stream.flush());
        response = null;

        stream.close();
        await().atMost(WAIT).until(() -> ends.get() == 1);
        // A broadcaster keeps the stream's sink, and through it this output, until its next broadcast: the container's
        // request, response and connection must not be kept with it.
        await().atMost(WAIT).until(() -> {
            System.gc();
            return responseCollected.get() == null;
        });
        assertThrows(java.io.IOException.class, () -> stream.write(tick("late").frame()), "the stream has ended");
    }

    @Test
    void aStreamWhoseRequestTheContainerEndedLetsGoOfTheResponseAndTheSink() throws java.io.IOException {
        var response = new BareResponse();
        response.commits = false; // the platform's sink has only queued the frame: it stays in use, and is kept
        var ends = response.ends;
        var responseCollected = new java.lang.ref.WeakReference<>(response);
        var sink = new PlatformSink();
        var closes = sink.closes;
        var sinkCollected = new java.lang.ref.WeakReference<>(sink);
        var stream = new SinkOutput(sink, response, sends);
        stream.write(tick("hello").frame());
        assertTrue(stream.flush());
        response = null;
        sink = null;

        stream.requestEnded();
        await().atMost(WAIT).until(() -> {
            System.gc();
            return responseCollected.get() == null && sinkCollected.get() == null;
        });
        stream.close();
        assertEquals(0, ends.get() + closes.get(), "a request the container has ended is not ended again");
    }
}
