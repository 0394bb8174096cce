package herald.stream.boundary;

import herald.testing.Http;
import herald.testing.RawStream;
import herald.testing.Target;
import org.junit.jupiter.api.Test;

import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Part 2: cross-origin streams for the configured origins only (`it.corsOrigin`). */
class CorsIT {

    static final String ALLOWED = System.getProperty("it.corsOrigin", "http://allowed.example");

    @Test
    void anAllowedOriginIsEchoedExactlyWithCredentials() {
        try (var stream = RawStream.open(Target.uri("stream"), Map.of("Origin", ALLOWED))) {
            assertEquals(200, stream.status());
            assertEquals(ALLOWED, stream.header("Access-Control-Allow-Origin"));
            assertEquals("true", stream.header("Access-Control-Allow-Credentials"));
            stream.next("connecttime", Duration.ofSeconds(5));
        }
    }

    @Test
    void anyOtherOriginGetsNoCorsHeaders() {
        try (var stream = RawStream.open(Target.uri("stream"), Map.of("Origin", "http://evil.example"))) {
            assertNull(stream.header("Access-Control-Allow-Origin"));
            assertNull(stream.header("Access-Control-Allow-Credentials"));
        }
    }

    @Test
    void aPreflightForLastEventIdIsAnswered() {
        var response = Http.send(HttpRequest.newBuilder(Target.uri("stream"))
                .method("OPTIONS", HttpRequest.BodyPublishers.noBody())
                .header("Origin", ALLOWED)
                .header("Access-Control-Request-Method", "GET")
                .header("Access-Control-Request-Headers", "last-event-id"));
        assertTrue(response.statusCode() == 204 || response.statusCode() == 200, "status " + response.statusCode());
        assertEquals(ALLOWED, response.headers().firstValue("Access-Control-Allow-Origin").orElse(null));
        assertTrue(response.headers().firstValue("Access-Control-Allow-Headers").orElse("").toLowerCase()
                .contains("last-event-id"));
    }
}
