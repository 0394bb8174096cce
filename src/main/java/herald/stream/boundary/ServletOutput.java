package herald.stream.boundary;

import herald.stream.control.Batch;
import herald.stream.control.Frame;
import herald.stream.control.Output;
import jakarta.servlet.AsyncContext;
import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;

import java.io.IOException;

/**
 * A stream's response, written with the Servlet API's non-blocking output: no thread ever waits
 * on a client. The container calls {@link WriteListener#onWritePossible} when a client that had
 * stopped taking bytes takes them again, and {@code onError} or {@code onComplete} when it has gone.
 *
 * <p>Thread safe. Once the request has ended, the container recycles the response's objects for
 * another request: a write that slipped in after that would land in someone else's response (seen
 * on Tomcat as other clients' streams ending at once). So every use of the output and the end of
 * the request are serialised by one lock, and nothing is written once the request has ended. That lock
 * is held during container I/O, and the container's callbacks take it too; this cannot deadlock: output
 * is in non-blocking mode, so a write or flush never waits (on a client or on another thread), and each
 * callback holds the lock only to set a flag, running {@code onWritable} and {@code onGone} after it.
 *
 * <p>A failed write ({@code onError}) or a timeout ends the writing but not the request: the container leaves an
 * asynchronous request open until the application completes it, and with it the client's connection and its file
 * descriptor. So the request is completed then too, unless the container has completed it ({@code onComplete}).
 *
 * <p>Batching: the frames written between two flushes (a greeting, a replay's page, what piled up while the client
 * was slow) go to the container as one array in one write, and a single frame as its own array, uncopied. So
 * Herald needs no response buffer of the container's to gather them: one the container keeps for each open stream
 * costs its size for as long as the stream is open, and an event larger than it is cut into buffer-sized writes
 * (Jetty). Stream responses keep the container's buffer settings, which {@code mvn jetty:run} sets to gather
 * nothing (README: "Many clients on one instance").
 */
final class ServletOutput implements Output, WriteListener, AsyncListener {

    private final AsyncContext async;
    private final ServletOutputStream out;
    private volatile Runnable onWritable = () -> { };
    private volatile Runnable onGone = () -> { };

    // guarded by this
    private boolean started;
    /** Nothing more is written. */
    private boolean ended;
    /** The request is over: completed here, or by the container. */
    private boolean completed;
    /** The frames written since the last write to the container. */
    private final Batch batch = new Batch();

    ServletOutput(AsyncContext async) throws IOException {
        this.async = async;
        this.out = async.getResponse().getOutputStream();
    }

    @Override
    public void start(Runnable onWritable, Runnable onGone) {
        this.onWritable = onWritable;
        this.onGone = onGone;
        async.addListener(this);
        out.setWriteListener(this);
    }

    /** The container calls {@code onWritePossible} on a thread that may write: the stream writes there. */
    @Override
    public boolean callbacksMayWrite() {
        return true;
    }

    /**
     * Writable once the container has called {@code onWritePossible} the first time, after the request's own
     * dispatch has returned: writing from another thread before that would race with that dispatch.
     */
    @Override
    public synchronized boolean ready() {
        return started && !ended && out.isReady();
    }

    /** Batches the frame; writes the batch before it first if the frame would make it too large. */
    @Override
    public synchronized void write(Frame frame) throws IOException {
        requireOpen();
        if (batch.full(frame)) {
            writeBatch(); // the caller checks ready() before its next write or flush
        }
        batch.add(frame);
    }

    /**
     * Writes the batch, then flushes what the container may have buffered of it; if the batch's write could only
     * start (the client is not taking bytes as fast), it goes on as the client takes them, and the container's
     * flush is left for when it is ready again.
     */
    @Override
    public synchronized boolean flush() throws IOException {
        requireOpen();
        if (!batch.isEmpty()) {
            writeBatch();
            if (!out.isReady()) {
                return false;
            }
        }
        out.flush();
        return true;
    }

    private void writeBatch() throws IOException {
        out.write(batch.take().bytes());
    }

    @Override
    public void close() {
        synchronized (this) {
            ended = true;
            batch.clear();
            if (completed) {
                return;
            }
            completed = true;
        }
        try {
            async.complete();
        } catch (IllegalStateException alreadyDone) {
            // the container ended the request first
        }
    }

    @Override
    public void onWritePossible() {
        synchronized (this) {
            started = true;
        }
        onWritable.run();
    }

    @Override
    public void onError(Throwable error) {
        failed();
    }

    @Override
    public void onComplete(AsyncEvent event) {
        synchronized (this) {
            ended = true;
            completed = true;
        }
        onGone.run();
    }

    @Override
    public void onTimeout(AsyncEvent event) {
        failed();
    }

    @Override
    public void onError(AsyncEvent event) {
        failed();
    }

    @Override
    public void onStartAsync(AsyncEvent event) {
        // not restarted
    }

    /** Writing has failed or timed out: the stream is gone, and the request is completed here (see above). */
    private void failed() {
        synchronized (this) {
            ended = true;
        }
        onGone.run();
        close();
    }

    private void requireOpen() throws IOException {
        if (ended) {
            throw new IOException("the stream has ended");
        }
    }
}
