package herald.stream.boundary;

import herald.stream.control.ResponseStream;
import jakarta.servlet.AsyncContext;
import jakarta.servlet.ServletResponse;

import java.io.IOException;

/**
 * A stream's servlet response as the {@link ResponseStream} beneath the platform's sink: blocking writes, as the
 * sink's own, and the end of the request's asynchronous context as its end. The response is the one the request's
 * asynchronous context holds, the one the platform was given ({@link CommitWithFirstBytes} around the container's), not
 * the proxy that Jakarta REST injects, which finds the response of whatever request the calling thread serves; it is
 * taken once, as the context refuses to hand it out once completed.
 */
record ServletResponseStream(AsyncContext async, ServletResponse response) implements ResponseStream {

    static ServletResponseStream of(AsyncContext async) {
        return new ServletResponseStream(async, async.getResponse());
    }

    @Override
    public boolean committed() {
        return response.isCommitted();
    }

    @Override
    public void write(byte[] bytes) throws IOException {
        var out = response.getOutputStream();
        out.write(bytes);
        out.flush();
    }

    @Override
    public void end() {
        async.complete();
    }
}
