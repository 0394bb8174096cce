package herald.stream.boundary;

import herald.stream.control.ResponseStream;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;

/**
 * A stream's servlet response as the {@link ResponseStream} beneath the platform's sink: blocking writes, as the
 * sink's own. The response is the container's own object (the request's asynchronous context holds it), not the proxy
 * that Jakarta REST injects, which finds the response of whatever request the calling thread serves.
 */
record ServletResponseStream(HttpServletResponse response) implements ResponseStream {

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
}
