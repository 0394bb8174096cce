package herald.stream.control;

import java.io.IOException;

/**
 * The response beneath the platform's {@code SseEventSink}, where that sink writes each event to the response's own
 * stream with blocking I/O on the thread that sends ({@link Transport#sinkWritesResponse}: Jersey's). Once the
 * platform has committed the response with a stream's first frame, {@link SinkOutput} writes the later ones to the
 * response's own non-blocking output instead ({@link #output}): the same bytes, to the same stream, without the
 * platform's work around each event (Jersey's request scope, writer lookup and interceptor chain: 14% of a tick's CPU
 * and about 1.3 KB of garbage per event and stream, BENCHMARKS.md runs 14 and 15), and without a thread that waits on
 * a client while it writes.
 */
public interface ResponseStream {

    /** Whether the response is committed: its status and headers, and what the platform was given, are written. */
    boolean committed();

    /**
     * The response's own output, taking over from the sink once it has {@link #committed}: made once, not yet started.
     * Its {@code close} ends the request.
     */
    Output output() throws IOException;
}
