package herald.stream.boundary;

import jakarta.servlet.http.HttpServletResponse;

/** The response headers and buffer of every stream, whatever its transport. */
final class StreamHeaders {

    private StreamHeaders() {
    }

    static void apply(HttpServletResponse response, int bufferBytes) {
        // An event must reach the client at once, never from a cache.
        response.setHeader("Cache-Control", "no-cache");
        // nginx buffers proxied responses unless told not to; a buffered stream arrives in batches.
        response.setHeader("X-Accel-Buffering", "no");
        // The container keeps a response buffer for each open stream, for as long as it is open (Jetty: 32 KB of
        // direct memory by default, 320 MB for 10,000 clients). Events are flushed as they come, so a small one
        // does; an event larger than it is written on its own, which costs more (see BENCHMARKS.md).
        if (bufferBytes > 0) {
            response.setBufferSize(bufferBytes);
        }
    }
}
