package herald.stream.control;

import jakarta.ws.rs.sse.SseEventSink;

import java.io.IOException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;

/**
 * A stream's output through the {@link SseEventSink} the platform injected, with one send in flight.
 *
 * <p>Jersey's {@code send} writes and flushes with blocking I/O on the calling thread, and a second
 * send while one is writing only queues, without bound. So each send runs on the thread that drains the
 * stream's queue, one of a bounded pool of Herald's that may wait on a client ({@code sends}: the
 * {@link Subscriber}'s executor), never on the thread that broadcasts; and the next is not made before the
 * last has completed: {@link #ready()} is false meanwhile. A send that blocks is what the {@link Subscriber}'s
 * time rule measures: a client that stopped reading holds one of those threads until it is cut off, and the
 * cut-off interrupts that send, which the containers answer by failing the write. Writing on the draining
 * thread rather than handing each frame to another pool saves a hand-over per frame and stream (part 11).
 * RESTEasy's {@code send} off the request thread does not block; its stage completes once written.
 *
 * <p>Where the platform's sink writes to the response's own stream in just that way (Jersey's, see
 * {@link ResponseStream}), the sink is used until it has committed the response with a frame, and the later frames are
 * written to that stream directly: the same bytes on the same thread, without the platform's work around each event.
 * The sink still commits the response; what the broadcaster holds is Herald's {@link StreamSink}, which leads to this
 * output. Once the response is committed this output lets go of the sink, and ends the stream on the response too
 * ({@link ResponseStream#end}): the sink holds the platform's whole request, which nothing needs any more (on Jersey
 * about 6.5 KB per stream, 44% of what a stream kept). Elsewhere (RESTEasy, whose sink queues and writes
 * asynchronously) every frame goes through the sink, and its {@code close} ends the stream.
 *
 * <p>The first frames (the greeting, the date) are sent on the request's own thread, which opens the stream
 * ({@link #writesFirstOnOpeningThread}): Jersey commits the response (status, headers) in the first send, and done
 * from another thread while the resource method is still running, that raced with the request's own end on Tomcat
 * (about one stream in 500 then got its greeting and nothing more). Every later frame is sent on the thread that
 * writes it.
 *
 * <p>Once the request has ended, the container recycles its response for another request; a write that slipped
 * in after that, through the platform's sink, would land in someone else's response (seen on Tomcat: a new
 * stream, sometimes one in a few hundred, got its headers and nothing more, while the old one's late write
 * failed with a broken pipe). So every use of the platform's sink and the end of the request
 * ({@link #requestEnded}) are serialised by one lock, and nothing reaches the sink once the request has ended,
 * as in {@code ServletOutput}.
 *
 * <p>Thread safe: a close may come from any thread, also while a send is in flight; the sink is then
 * closed once that send has returned, never under it. Nothing that can block (a send, a close, which can
 * write a chunked stream's last chunk) runs under this object's lock, which the broadcasting thread takes
 * when it cuts a stream off.
 */
public final class SinkOutput implements Output {

    private static final CompletionStage<Void> DONE = CompletableFuture.completedFuture(null);

    /**
     * The platform's sink; let go (null) once {@link #direct}, so that the platform's request can be collected, and once
     * the stream has {@link #ended}.
     */
    // guarded by io
    private SseEventSink sink;
    /**
     * The response beneath the sink, null where there is none; let go once the stream has {@link #ended}: a broadcaster
     * keeps a stream's sink, and through it this output, until its next broadcast (a heartbeat, where nothing else is
     * broadcast), and the container's request, response and connection of a stream that is over are no longer this
     * output's to keep (about 9 KB each: 2,000 such streams were still reachable 10 s after their clients had left,
     * BENCHMARKS.md run 23).
     */
    // guarded by io
    private ResponseStream response;
    /** Whether the platform's sink writes to {@link #response} with blocking I/O: see {@link #write}. */
    private final boolean beneath;
    private final Executor sends;
    private volatile Runnable onWritable = () -> { };
    private volatile Runnable onGone = () -> { };

    /** Serialises every use of the platform's sink with the end of the request. */
    private final Object io = new Object();
    /** The request has ended, or this output has ended the stream: nothing is written any more. */
    // guarded by io
    private boolean ended;
    /** The platform has committed the response: frames go to {@link #response} directly. */
    private boolean direct;

    // guarded by this
    /** Written and not yet sent, where frames are sent as one (see {@link #write}). */
    private final Batch unsent = new Batch();
    private boolean sending;
    private boolean closed;
    private Thread sender;

    /**
     * @param response the response beneath the sink, for a platform whose sink writes to it with blocking I/O on the
     *                 sending thread; null where the sink writes otherwise: every frame then goes through it
     */
    public SinkOutput(SseEventSink sink, ResponseStream response, Executor sends) {
        this.sink = sink;
        this.response = response;
        this.beneath = response != null;
        this.sends = sends;
    }

    @Override
    public void start(Runnable onWritable, Runnable onGone) {
        this.onWritable = onWritable;
        this.onGone = onGone;
    }

    @Override
    public boolean writesFirstOnOpeningThread() {
        return true;
    }

    @Override
    public synchronized boolean ready() {
        return !sending && !closed;
    }

    /**
     * Where the sink writes the frames' wire bytes to the response (Jersey's), the frames written between two flushes
     * are kept and sent as one ({@link Batch}), at the flush or once they reach the batch's size: a stream's greeting
     * and date, a replay's page, the events published while a client was behind, each one write to the client rather
     * than one for each frame. Elsewhere each frame is sent at once.
     */
    @Override
    public void write(Frame frame) throws IOException {
        Frame toSend;
        synchronized (this) {
            if (closed) {
                throw new IOException("the stream has ended");
            }
            if (!beneath) {
                toSend = frame;
            } else if (unsent.full(frame)) {
                toSend = unsent.take(); // the caller checks ready() before its next write or flush
                unsent.add(frame);
            } else {
                unsent.add(frame);
                return;
            }
            sending = true;
        }
        send(toSend);
    }

    /** Sends what was written since the last flush; each send flushes. */
    @Override
    public boolean flush() throws IOException {
        Frame batch;
        synchronized (this) {
            if (unsent.isEmpty()) {
                return true;
            }
            if (closed) {
                unsent.clear();
                throw new IOException("the stream has ended");
            }
            batch = unsent.take();
            sending = true;
        }
        send(batch);
        return true;
    }

    @Override
    public void close() {
        boolean idle;
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            idle = !sending;
            if (sender != null) {
                // A write blocked on a client that stopped reading: ask the container to give it up.
                sender.interrupt();
            }
        }
        if (idle) {
            // Ending a response can write (a chunked stream's last chunk): not on the caller's thread, which may
            // be the ticker's or a publisher's.
            try {
                sends.execute(this::closeSink);
            } catch (RejectedExecutionException stopping) {
                closeSink();
            }
        }
    }

    private void send(Frame frame) {
        boolean closing;
        synchronized (this) {
            closing = closed;
            if (closing) {
                sending = false;
            } else {
                sender = Thread.currentThread();
            }
        }
        if (closing) {
            closeSink();
            return;
        }
        CompletionStage<?> sent;
        try {
            synchronized (io) {
                if (ended) {
                    sent = CompletableFuture.failedFuture(new IOException("the request has ended"));
                } else if (direct) {
                    response.write(frame.bytes());
                    sent = DONE;
                } else {
                    sent = sink.send(new FrameEvent(null, frame));
                    direct = beneath && succeeded(sent) && response.committed();
                    if (direct) {
                        sink = null;
                    }
                }
            }
        } catch (IOException | RuntimeException e) {
            sent = CompletableFuture.failedFuture(e);
        } finally {
            synchronized (this) {
                sender = null;
            }
            // An interrupt that came after the send returned must not reach the pool's next task.
            Thread.interrupted();
        }
        if (sent == DONE) {
            sent(null); // written beneath the sink, as every frame after the first is on Jersey: no stage to wait on
        } else {
            sent.whenComplete((ignored, error) -> sent(error));
        }
    }

    /**
     * Whether the stage has completed without an error. Jersey's is complete also when its sink only queued the frame
     * (its response not yet taken up); what tells that it wrote it is the response then being committed.
     */
    private static boolean succeeded(CompletionStage<?> stage) {
        try {
            var future = stage.toCompletableFuture();
            return future.isDone() && !future.isCompletedExceptionally();
        } catch (UnsupportedOperationException notAFuture) {
            return false;
        }
    }

    private void sent(Throwable error) {
        boolean closing;
        synchronized (this) {
            sending = false;
            closing = closed;
        }
        if (closing) {
            closeSink();
        } else if (error != null) {
            onGone.run();
        } else {
            onWritable.run();
        }
    }

    private void closeSink() {
        synchronized (io) {
            try {
                if (!ended) {
                    if (direct) {
                        response.end();
                    } else {
                        sink.close();
                    }
                }
            } catch (RuntimeException alreadyGone) {
                // the platform found the client gone first
            } finally {
                end();
            }
        }
    }

    // guarded by io
    private void end() {
        ended = true;
        sink = null;
        response = null;
    }

    /**
     * The container has ended the request (completed, failed, or timed out): from now on nothing is sent, and the
     * stream is gone. Waits for a send in progress to return, so that the container recycles the response only
     * after it.
     */
    public void requestEnded() {
        synchronized (io) {
            end();
        }
        onGone.run();
    }
}
