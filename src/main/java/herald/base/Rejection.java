package herald.base;

import java.time.Duration;

/**
 * A request refused: its HTTP status, a short machine-readable code and a sentence for people.
 * Thrown before anything has changed, and answered as JSON {@code {"error":code,"message":…}}.
 */
public class Rejection extends RuntimeException {

    private final int status;
    private final String code;
    private final Duration retryAfter;

    public Rejection(int status, String code, String message, Duration retryAfter) {
        super(message, null, false, false);
        this.status = status;
        this.code = code;
        this.retryAfter = retryAfter;
    }

    public static Rejection badRequest(String code, String message) {
        return new Rejection(400, code, message, null);
    }

    public static Rejection unavailable(String code, String message, Duration retryAfter) {
        return new Rejection(503, code, message, retryAfter);
    }

    public int status() {
        return status;
    }

    public String code() {
        return code;
    }

    /** The body of the answer: {@code {"error":code,"message":…}}. */
    public String json() {
        return jakarta.json.Json.createObjectBuilder().add("error", code).add("message", getMessage()).build().toString();
    }

    /** The headers that go with the status: the scheme a 401 asks for, when to come back after a 503. */
    public java.util.Map<String, String> headers() {
        var headers = new java.util.LinkedHashMap<String, String>();
        if (status == 401) {
            // RFC 6750: a protected resource says which scheme it wants.
            headers.put("WWW-Authenticate", "Bearer realm=\"herald\"");
        }
        if (retryAfter != null) {
            headers.put("Retry-After", String.valueOf(Math.max(1, retryAfter.toSeconds())));
        }
        if (status == 413) {
            // The rest of the body is left unread, so the connection cannot carry another request; said so (RFC 9112,
            // 9.6), a client does not send its next request on it to find it closed (seen: Java's HttpClient did).
            headers.put("Connection", "close");
        }
        return headers;
    }

    /** For 503: when to try again; null otherwise. */
    public Duration retryAfter() {
        return retryAfter;
    }
}
