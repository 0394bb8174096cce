package herald.app.control;

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

    /** For 503: when to try again; null otherwise. */
    public Duration retryAfter() {
        return retryAfter;
    }
}
