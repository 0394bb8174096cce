package herald.stream.boundary;

import herald.testing.Deployed;
import herald.testing.Target;
import herald.testing.Http;
import herald.testing.RawStream;
import org.junit.jupiter.api.Test;

import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.Map;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Part 2: cross-origin streams for the configured origins only (`it.corsOrigin`). */
class CorsIT extends Deployed {

    static final String ALLOWED = Target.setting("cors.origins");

    @Test
    void anAllowedOriginIsEchoedExactlyWithCredentials() {
        try (var stream = RawStream.open(herald.uri("stream"), Map.of("Origin", ALLOWED))) {
            assertEquals(200, stream.status());
            assertEquals(ALLOWED, stream.header("Access-Control-Allow-Origin"));
            assertEquals("true", stream.header("Access-Control-Allow-Credentials"));
            stream.next("connecttime", Duration.ofSeconds(5));
        }
    }

    @Test
    void anyOtherOriginIsRefusedWith403BeforeItHoldsAConnection() {
        // Streams of earlier tests are still being found gone (by heartbeats): start from none.
        await().atMost(Duration.ofSeconds(10)).until(() -> herald.clients() == 0);
        for (var origin : new String[] {"http://evil.example", "null"}) {
            try (var stream = RawStream.open(herald.uri("stream"), Map.of("Origin", origin))) {
                assertEquals(403, stream.status(), origin);
                assertNull(stream.header("Access-Control-Allow-Origin"));
                assertTrue(stream.header("Vary").contains("Origin"), "Vary: " + stream.header("Vary"));
                try {
                    stream.awaitEnd(Duration.ofSeconds(5));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                assertEquals("forbidden_origin", Http.json(stream.text()).getString("error"));
            }
        }
        assertEquals(0, herald.clients(), "nothing opened, nothing counted");
    }

    @Test
    void thePagesOwnOriginAndNoOriginAreServed() {
        var base = herald.base();
        var own = base.getScheme() + "://" + base.getRawAuthority();
        try (var stream = RawStream.open(herald.uri("stream"), Map.of("Origin", own))) {
            assertEquals(200, stream.status());
            assertTrue(stream.header("Vary").contains("Origin"), "Vary: " + stream.header("Vary"));
            stream.next("connecttime", Duration.ofSeconds(5));
        }
        try (var stream = RawStream.open(herald.uri("stream"), Map.of())) {
            assertEquals(200, stream.status());
        }
    }

    @Test
    void aPreflightForLastEventIdIsAnswered() {
        var response = Http.send(HttpRequest.newBuilder(herald.uri("stream"))
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
