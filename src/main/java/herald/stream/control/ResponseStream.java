package herald.stream.control;

import java.io.IOException;

/**
 * The response beneath the platform's {@code SseEventSink}, where that sink writes each event to the response's own
 * stream with blocking I/O on the thread that sends ({@link Transport#sinkWritesResponse}: Jersey's). Once the
 * platform has committed the response with a stream's first frame, {@link SinkOutput} writes the later ones here:
 * the same bytes, to the same stream, on the same thread, as the sink would, without the platform's work around each
 * event (Jersey's request scope, writer lookup and interceptor chain: 14% of a tick's CPU and about 1.3 KB of garbage
 * per event and stream, BENCHMARKS.md runs 14 and 15). Used by one thread at a time. Blocking, as the sink's own
 * writes: the response's non-blocking output in their place kept about 2 KB more per stream and lowered no delay
 * (BENCHMARKS.md run 18). Once it is used, the platform's sink is let go and the stream is ended here
 * ({@link #end}): the sink holds the platform's whole request (on Jersey its request scope, the request and response
 * objects and the routing state, about 6.5 KB of live heap per stream, BENCHMARKS.md run 19), which nothing else
 * needs once the response is committed.
 */
public interface ResponseStream {

    /** Whether the response is committed: its status and headers, and what the platform was given, are written. */
    boolean committed();

    /** Writes the bytes and flushes them to the client; blocks while the client is not taking them. */
    void write(byte[] bytes) throws IOException;

    /**
     * Ends the response, as the platform's sink ends it when closed: the container writes what ends the body and
     * recycles the request. Nothing is written after it.
     */
    void end();
}
