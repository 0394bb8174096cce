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
 * send while one is writing only queues, without bound. So each send runs on a bounded pool of
 * Herald's ({@code sends}), never on a delivery thread, and the next is not made before the last has
 * completed: {@link #ready()} is false meanwhile, which is what the {@link Subscriber}'s time rule
 * measures. A client that stopped reading holds at most one of those threads, until it is cut off;
 * the cut-off interrupts that send, which the containers answer by failing the write. RESTEasy's
 * {@code send} off the request thread does not block; its stage completes once written.
 *
 * <p>Thread safe: a close may come from any thread, also while a send is in flight; the sink is then
 * closed once that send has returned, never under it. Nothing that can block (a send, a close, which can
 * write a chunked stream's last chunk) runs under this object's lock, which the broadcasting thread takes
 * when it cuts a stream off.
 */
public final class SinkOutput implements Output {

    private final SseEventSink sink;
    private final Executor sends;
    private volatile Runnable onWritable = () -> { };
    private volatile Runnable onGone = () -> { };

    // guarded by this
    private boolean sending;
    private boolean closed;
    private Thread sender;

    public SinkOutput(SseEventSink sink, Executor sends) {
        this.sink = sink;
        this.sends = sends;
    }

    @Override
    public void start(Runnable onWritable, Runnable onGone) {
        this.onWritable = onWritable;
        this.onGone = onGone;
    }

    @Override
    public synchronized boolean ready() {
        return !sending && !closed;
    }

    @Override
    public void write(Frame frame) throws IOException {
        synchronized (this) {
            if (closed) {
                throw new IOException("the stream has ended");
            }
            sending = true;
        }
        try {
            sends.execute(() -> send(frame));
        } catch (RejectedExecutionException stopping) {
            synchronized (this) {
                sending = false;
            }
            throw new IOException("no thread to send on", stopping);
        }
    }

    /** Each send flushes. */
    @Override
    public void flush() {
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
            sent = sink.send(new FrameEvent(null, frame));
        } catch (RuntimeException e) {
            sent = CompletableFuture.failedFuture(e);
        } finally {
            synchronized (this) {
                sender = null;
            }
            // An interrupt that came after the send returned must not reach the pool's next task.
            Thread.interrupted();
        }
        sent.whenComplete((ignored, error) -> sent(error));
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
        try {
            sink.close();
        } catch (RuntimeException alreadyGone) {
            // the platform found the client gone first
        }
    }
}
