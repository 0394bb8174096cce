package herald.stream.boundary;

import herald.stream.control.Output;
import jakarta.servlet.AsyncContext;
import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;

import java.io.IOException;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A stream's response, written with the Servlet API's non-blocking output: no thread ever waits
 * on a client. The container calls {@link WriteListener#onWritePossible} when a client that had
 * stopped taking bytes takes them again, and {@code onError} when it has gone.
 */
final class ServletOutput implements Output, WriteListener, AsyncListener {

    private final AsyncContext async;
    private final ServletOutputStream out;
    private final AtomicBoolean closed = new AtomicBoolean();
    private volatile Runnable onWritable = () -> { };
    private volatile Runnable onGone = () -> { };

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

    @Override
    public boolean ready() {
        return !closed.get() && out.isReady();
    }

    @Override
    public void write(byte[] bytes) throws IOException {
        out.write(bytes);
    }

    @Override
    public void flush() throws IOException {
        out.flush();
    }

    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            try {
                async.complete();
            } catch (IllegalStateException alreadyDone) {
                // the container ended the request first
            }
        }
    }

    @Override
    public void onWritePossible() {
        onWritable.run();
    }

    @Override
    public void onError(Throwable error) {
        gone();
    }

    @Override
    public void onComplete(AsyncEvent event) {
        gone();
    }

    @Override
    public void onTimeout(AsyncEvent event) {
        gone();
    }

    @Override
    public void onError(AsyncEvent event) {
        gone();
    }

    @Override
    public void onStartAsync(AsyncEvent event) {
        // not restarted
    }

    private void gone() {
        onGone.run();
        close();
    }
}
