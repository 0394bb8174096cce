package herald.testing;

import java.net.URI;

/**
 * The deployed Herald under test (as a client: {@link HeraldClient#underTest()}), given by the build as the system
 * property {@code it.baseUrl}
 * (e.g. {@code http://127.0.0.1:41234/}), so that the same tests run against any container.
 */
public final class Target {

    private Target() {
    }

    public static URI base() {
        var url = System.getProperty("it.baseUrl");
        if (url == null || url.isBlank()) {
            throw new IllegalStateException("it.baseUrl is not set: run the integration tests with `mvn verify`");
        }
        return URI.create(url.endsWith("/") ? url : url + "/");
    }

    /** The transport the Herald under test is expected to serve {@code GET /stream} with: jaxrs or servlet. */
    public static String transport() {
        return System.getProperty("it.transport", "jaxrs");
    }

    /**
     * What a stream's body starts with before its first event: nothing, but two line feeds where RESTEasy's sink
     * writes it (it opens every stream with a blank line pair, which clients ignore as an event with no data).
     */
    public static String streamPrefix() {
        return restEasySink() ? "\n\n" : "";
    }

    /** Whether streams go through RESTEasy's {@code SseEventSink} (WildFly with the Jakarta REST transport). */
    public static boolean restEasySink() {
        return "resteasy".equals(System.getProperty("it.rest", "jersey")) && "jaxrs".equals(transport());
    }
}
