package herald.stream.control;

import java.io.IOException;

/**
 * The writing side of one open stream, without blocking: frames are written only while it is
 * {@link #ready()}; when it is not, it calls back the {@code onWritable} it was started with once
 * it is. The two transports differ only here: the Servlet API's non-blocking output
 * ({@code ServletOutput}), or the platform's {@code SseEventSink} with one send in flight
 * ({@link SinkOutput}).
 */
public interface Output {

    /** Starts calling back: {@code onWritable} when writing can go on, {@code onGone} when the client has gone. */
    void start(Runnable onWritable, Runnable onGone);

    /**
     * Whether {@code onWritable} is called on a thread that may write to this output: a container's callback for
     * non-blocking output, on which a write never waits. The stream then writes right there instead of handing the
     * work to Herald's delivery threads: one thread hand-over less for each stream opened and each time a slow client
     * catches up.
     */
    default boolean callbacksMayWrite() {
        return false;
    }

    /**
     * Whether the stream's first frames must be written on the thread that opens it, the request's: a platform's sink
     * commits the response in its first send, and made from another thread while the resource method still runs, that
     * raced with the request's own end on Tomcat. The stream then writes what it starts with right there, before any
     * other thread may: no hand-over to Herald's delivery threads and back for each stream opened.
     */
    default boolean writesFirstOnOpeningThread() {
        return false;
    }

    /** Whether a write or flush can be made now; if not, {@code onWritable} follows once it can. */
    boolean ready();

    void write(Frame frame) throws IOException;

    /**
     * Pushes out what was written, where the output buffers it.
     *
     * @return false when it could only start to: it is then not {@link #ready()}, and is flushed again once it is
     */
    boolean flush() throws IOException;

    /** Ends the response; safe to call more than once, from any thread. */
    void close();
}
