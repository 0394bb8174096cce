package herald.publish.control;

import herald.app.control.Rejection;
import herald.event.entity.InvalidEvent;
import herald.history.control.MemoryStore;
import herald.metrics.control.Metrics;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PublisherTest {

    final MemoryStore store = new MemoryStore(10, Duration.ofHours(1), Clock.systemUTC());

    static ByteArrayInputStream body(String text) {
        return new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8));
    }

    Publisher publisher(Optional<String> token) {
        return new Publisher(token, 1024, store, new Metrics());
    }

    @Test
    void withoutAConfiguredTokenPublishingIsOff() {
        var refused = assertThrows(Rejection.class, () -> publisher(Optional.empty())
                .publish("Bearer anything", "application/x-www-form-urlencoded", -1, body("data=x")));
        assertEquals(403, refused.status());
        assertTrue(store.sizes().isEmpty(), "nothing kept");
    }

    @Test
    void aWrongTokenIsUnauthorized() {
        var refused = assertThrows(Rejection.class, () -> publisher(Optional.of("right"))
                .publish("Bearer wrong", "application/x-www-form-urlencoded", -1, body("data=x")));
        assertEquals(401, refused.status());
        assertTrue(store.sizes().isEmpty(), "nothing kept");
    }

    @Test
    void invalidFieldsKeepNothing() {
        var publisher = publisher(Optional.of("t"));
        assertThrows(InvalidEvent.class, () -> publisher
                .publish("Bearer t", "application/x-www-form-urlencoded", -1, body("topic=a%20b&data=x")));
        assertThrows(Rejection.class, () -> publisher
                .publish("Bearer t", "application/x-www-form-urlencoded", -1, body("topic=a")));
        assertTrue(store.sizes().isEmpty(), "nothing kept");
    }

    @Test
    void aValidEventIsKeptWithItsId() {
        var event = publisher(Optional.of("t"))
                .publish("Bearer t", "application/json", -1, body("{\"topic\":\"a\",\"event\":\"e\",\"data\":\"d\"}"));
        assertEquals("a", event.topic().name());
        assertEquals("e", event.type());
        assertEquals(1, store.sizes().get(event.topic()));
    }
}
