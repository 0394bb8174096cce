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

    /** {@code jaxrs} or {@code servlet}, as {@code /health} reports it. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
