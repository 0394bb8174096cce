package herald.stream.boundary;

import jakarta.servlet.http.HttpServletResponse;

/** The response headers of every stream, whatever its transport. */
final class StreamHeaders {

    private StreamHeaders() {
    }

    /**
     * Leaves the response buffer as the container is configured: Herald writes each frame, or each batch of frames,
     * whole and flushes it at once, so it needs none, and one set here would be kept by every open stream (Jetty
     * 12 holds it until the response ends) and would cut events larger than it into buffer-sized writes. How to
     * configure a container to keep none: README, "Many clients on one instance".
     */
    static void apply(HttpServletResponse response) {
        // An event must reach the client at once, never from a cache.
        response.setHeader("Cache-Control", "no-cache");
        // nginx buffers proxied responses unless told not to; a buffered stream arrives in batches.
        response.setHeader("X-Accel-Buffering", "no");
    }
}
