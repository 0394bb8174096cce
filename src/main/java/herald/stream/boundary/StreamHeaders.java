package herald.stream.boundary;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;

/**
 * Headers of the event stream, set before the Jakarta REST implementation commits the response.
 * A servlet filter, because a resource method that takes an {@code SseEventSink} has no portable
 * way to add headers, and Jersey and RESTEasy commit the response at different moments.
 */
public class StreamHeaders extends HttpFilter {

    @Override
    protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        if ("GET".equals(request.getMethod())) {
            // An event must reach the client at once, never from a cache.
            response.setHeader("Cache-Control", "no-cache");
            // nginx buffers proxied responses unless told not to; a buffered stream arrives in batches.
            response.setHeader("X-Accel-Buffering", "no");
        }
        chain.doFilter(request, response);
    }
}
