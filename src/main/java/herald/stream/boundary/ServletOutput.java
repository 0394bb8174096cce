package herald.stream.boundary;

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

    /**
     * Writable once the container has called {@code onWritePossible} the first time, after the request's own
     * dispatch has returned: writing from another thread before that would race with that dispatch.
     */
    @Override
    public synchronized boolean ready() {
        return started && !ended && out.isReady();
    }

    @Override
    public synchronized void write(Frame frame) throws IOException {
        requireOpen();
        out.write(frame.bytes());
    }

    @Override
    public synchronized void flush() throws IOException {
        requireOpen();
        out.flush();
    }

    @Override
    public void close() {
        synchronized (this) {
            ended = true;
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
