package herald.stream.boundary;

import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletResponseWrapper;

import java.io.IOException;

/**
 * A stream's response as the platform's sink is given it (on Jersey, see {@code RootPaths}), whose status and headers go
 * out with the stream's first bytes rather than by themselves.
 *
 * <p>Jersey commits a chunked response by flushing it before it writes the first chunk; a container that is asked to
 * flush a response with nothing in it writes the status and headers alone: one more write to the client, one more
 * packet and one more wake-up of the client, for each stream opened, a moment before the stream's first frames
 * (BENCHMARKS.md run 22). Here a flush made while nothing has been written does nothing, so the container commits the
 * response with the first bytes written, in the same write. Herald writes a stream's first frames at once, on the
 * request's thread, so nothing waits on it. Every write, and every flush once something has been written, is the
 * container's own.
 *
 * <p>Used by one thread at a time, as the response itself.
 */
public final class CommitWithFirstBytes extends HttpServletResponseWrapper {

    private volatile Output output;

    public CommitWithFirstBytes(HttpServletResponse response) {
        super(response);
    }

    @Override
    public ServletOutputStream getOutputStream() throws IOException {
        var current = output;
        if (current == null) {
            current = new Output(super.getOutputStream());
            output = current;
        }
        return current;
    }

    private static final class Output extends ServletOutputStream {

        private final ServletOutputStream container;
        private boolean written;

        Output(ServletOutputStream container) {
            this.container = container;
        }

        @Override
        public void write(int b) throws IOException {
            written = true;
            container.write(b);
        }

        @Override
        public void write(byte[] bytes, int offset, int length) throws IOException {
            written |= length > 0;
            container.write(bytes, offset, length);
        }

        @Override
        public void flush() throws IOException {
            if (written) {
                container.flush();
            }
        }

        @Override
        public void close() throws IOException {
            container.close();
        }

        @Override
        public boolean isReady() {
            return container.isReady();
        }

        @Override
        public void setWriteListener(WriteListener listener) {
            container.setWriteListener(listener);
        }
    }
}
