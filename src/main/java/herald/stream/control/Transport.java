package herald.stream.control;

import java.util.Locale;

/**
 * How {@code GET /stream} writes its events ({@code herald.stream.transport}).
 */
public enum Transport {

    /**
     * The Jakarta REST shape: a resource with {@code @Context Sse} registers each stream's sink with an
     * {@code SseBroadcaster}.
     */
    JAXRS,

    /** Herald's servlet with non-blocking output: no thread per send, bytes made once per broadcast. */
    SERVLET;

    /**
     * The transport for a setting: {@code jaxrs}, {@code servlet}, or {@code auto}, which is the Jakarta REST
     * shape except on RESTEasy: its sink writes data through its own writer, which collapses runs of line breaks
     * (a payload's empty lines vanish) and which no application writer replaces, so there the servlet writer
     * keeps every byte a publisher sent.
     *
     * @param restImplementation the class name of the platform's Jakarta REST {@code RuntimeDelegate}
     */
    public static Transport choose(String setting, String restImplementation) {
        return switch (setting) {
            case "jaxrs" -> JAXRS;
            case "servlet" -> SERVLET;
            case "auto" -> restImplementation.startsWith("org.jboss.resteasy.") ? SERVLET : JAXRS;
            default -> throw new IllegalArgumentException("no transport '" + setting + "'");
        };
    }

    /**
     * Whether the platform's {@code SseEventSink} writes each event to the servlet response's own stream, with blocking
     * I/O on the thread that sends: Jersey's does (its {@code ChunkedOutput} writes and flushes there, after it has
     * committed the response on the first send), so Herald may write a stream's later frames to that stream itself
     * ({@link ResponseStream}). RESTEasy's sink queues events and writes them later through its own output: there,
     * a write of Herald's beside it could overtake an event or meet one half written.
     *
     * @param restImplementation the class name of the platform's Jakarta REST {@code RuntimeDelegate}
     */
    public static boolean sinkWritesResponse(String restImplementation) {
        return restImplementation.startsWith("org.glassfish.jersey.");
    }

    /** {@code jaxrs} or {@code servlet}, as {@code /health} reports it. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
