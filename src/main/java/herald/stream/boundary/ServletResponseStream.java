package herald.stream.boundary;

import herald.stream.control.Output;
import herald.stream.control.ResponseStream;
import jakarta.servlet.AsyncContext;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;

/**
 * A stream's servlet response as the {@link ResponseStream} beneath the platform's sink, written once committed with the
 * Servlet API's non-blocking output, as the servlet transport writes ({@link ServletOutput}). The response is the
 * container's own object, which the request's asynchronous context holds, not the proxy that Jakarta REST injects,
 * which finds the response of whatever request the calling thread serves.
 */
record ServletResponseStream(AsyncContext async, HttpServletResponse response) implements ResponseStream {

    @Override
    public boolean committed() {
        return response.isCommitted();
    }

    @Override
    public Output output() throws IOException {
        return new ServletOutput(async);
    }
}
