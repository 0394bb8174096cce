package herald.base;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

class RejectionTest {

    @Test
    void theHeadersThatGoWithTheStatus() {
        assertEquals(Map.of("WWW-Authenticate", "Bearer realm=\"herald\""),
                new Rejection(401, "unauthorized", "no", null).headers());
        assertEquals(Map.of("Retry-After", "7"), Rejection.unavailable("busy", "later", Duration.ofSeconds(7)).headers());
        assertEquals(Map.of("Connection", "close"), new Rejection(413, "payload_too_large", "big", null).headers(),
                "the unread rest of the body makes the connection unusable");
        assertEquals(Map.of(), Rejection.badRequest("invalid", "bad").headers());
    }

    @Test
    void theBodyIsJsonWithTheCodeAndTheMessage() {
        assertEquals("{\"error\":\"invalid_topic\",\"message\":\"a \\\"quoted\\\" topic\"}",
                Rejection.badRequest("invalid_topic", "a \"quoted\" topic").json());
    }
}
