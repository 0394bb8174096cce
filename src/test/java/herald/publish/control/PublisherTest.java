package herald.publish.control;

import herald.access.control.Access;
import herald.access.entity.TopicPatterns;
import herald.base.Rejection;
import herald.event.entity.InvalidEvent;
import herald.history.control.MemoryStore;
import herald.history.control.RedisStore;
import herald.metrics.control.Metrics;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PublisherTest {

    final MemoryStore store = new MemoryStore(10, Duration.ofHours(1), Clock.systemUTC());

    /** No key for publishers' own tokens: only the shared one publishes. */
    static final Access NO_TOKENS = new Access(Optional.empty(), TopicPatterns.NONE, Clock.systemUTC(), reason -> {
    });

    static ByteArrayInputStream body(String text) {
        return new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8));
    }

    Publisher publisher(Optional<String> token) {
        return new Publisher(token, NO_TOKENS, 1024, store, new Metrics(), Duration.ofSeconds(10));
    }

    @Test
    void anUnreachableStoreAnswers503WithRetryAfterAtOnce() throws Exception {
        int closedPort;
        try (var probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = probe.getLocalPort();
        }
        try (var unreachable = new RedisStore("redis://127.0.0.1:" + closedPort, "herald:events", 10,
                Duration.ofHours(1), Duration.ofMillis(300), Clock.systemUTC())) {
            var publisher = new Publisher(Optional.of("t"), NO_TOKENS, 1024, unreachable, new Metrics(), Duration.ofSeconds(7));
            long started = System.nanoTime();
            var refused = assertThrows(Rejection.class, () -> publisher
                    .publish("Bearer t", "application/x-www-form-urlencoded", -1, body("data=x")));
            assertEquals(503, refused.status());
            assertEquals("store_unavailable", refused.code());
            assertEquals("7", refused.headers().get("Retry-After"));
            assertTrue(Duration.ofNanos(System.nanoTime() - started).toMillis() < 1000, "no waiting on a store that is down");
        }
    }

    @Test
    void aStoreThatDoesNotConfirmInTimeIsNotSaidToHavePublishedNothing() throws Exception {
        try (var redis = herald.testing.RedisServer.start();
             var slow = new RedisStore(redis.url(), "herald:events", 10, Duration.ofHours(1), Duration.ofMillis(300),
                     Clock.systemUTC())) {
            org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10)).until(slow::up);
            var publisher = new Publisher(Optional.of("t"), NO_TOKENS, 1024, slow, new Metrics(), Duration.ofSeconds(7));
            var busy = redis.busyFor(1500);
            var refused = new java.util.concurrent.atomic.AtomicReference<Rejection>();
            org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> {
                try {
                    publisher.publish("Bearer t", "application/x-www-form-urlencoded", -1, body("data=x"));
                    return false;
                } catch (Rejection e) {
                    refused.set(e);
                    return true;
                }
            });
            assertEquals(503, refused.get().status());
            assertEquals("store_unconfirmed", refused.get().code(), "it may have been kept: a retry could repeat it");
            assertEquals("7", refused.get().headers().get("Retry-After"));
            busy.join(5000);
        }
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
    void heraldsOwnEventNamesAreRefusedSoThatNobodyCanSpoofThem() {
        var publisher = publisher(Optional.of("t"));
        for (var name : new String[] {"connecttime", "history-truncated"}) {
            var refused = assertThrows(Rejection.class, () -> publisher
                    .publish("Bearer t", "application/json", -1, body("{\"event\":\"" + name + "\",\"data\":\"x\"}")));
            assertEquals(400, refused.status());
            assertEquals("reserved_event", refused.code());
        }
        assertTrue(store.sizes().isEmpty(), "nothing kept");
        publisher.publish("Bearer t", "application/json", -1, body("{\"event\":\"connecttime2\",\"data\":\"x\"}"));
    }

    @Test
    void aValidEventIsKeptWithItsId() {
        var event = publisher(Optional.of("t"))
                .publish("Bearer t", "application/json", -1, body("{\"topic\":\"a\",\"event\":\"e\",\"data\":\"d\"}"));
        assertEquals("a", event.topic().name());
        assertEquals("e", event.type());
        assertEquals(1, store.sizes().get(event.topic()));
    }

    @Test
    void aPublishersOwnTokenPublishesToItsTopicsOnlyAndTheSharedOneEverywhere() {
        var secret = herald.testing.Jwts.UNIT_SECRET;
        var access = new Access(Optional.of(herald.access.control.TokenVerifier.hmac(secret)),
                TopicPatterns.parse("private.*"), Clock.systemUTC(), reason -> {
                });
        var publisher = new Publisher(Optional.of("operator"), access, 1024, store, new Metrics(), Duration.ofSeconds(10));
        var token = herald.testing.Jwts.hs256(secret, java.util.List.of(), java.util.List.of("orders.*"),
                java.time.Instant.now().plusSeconds(600));
        assertEquals("orders.1", publisher.publish("Bearer " + token, "application/x-www-form-urlencoded", -1,
                body("topic=orders.1&data=x")).topic().name());
        var refused = assertThrows(Rejection.class, () -> publisher.publish("Bearer " + token,
                "application/x-www-form-urlencoded", -1, body("topic=news&data=x")));
        assertEquals(403, refused.status());
        assertEquals("topic_forbidden", refused.code());
        var malformed = assertThrows(Rejection.class, () -> publisher.publish("Bearer x.y.z",
                "application/x-www-form-urlencoded", -1, body("topic=orders.1&data=x")));
        assertEquals(401, malformed.status());
        assertEquals("token_malformed", malformed.code());
        var wrong = assertThrows(Rejection.class, () -> publisher.publish("Bearer wrong",
                "application/x-www-form-urlencoded", -1, body("topic=orders.1&data=x")));
        assertEquals("unauthorized", wrong.code(), "a wrong publish token is not taken for a malformed JWT");
        assertEquals(1, store.sizes().size(), "nothing kept of the refused ones");
        var operator = publisher.publish("Bearer operator", "application/json", -1, body("{\"topic\":\"private.a\",\"data\":\"x\"}"));
        assertTrue(operator.isPrivate(), "a topic of herald.topics.private makes its events private");
        assertTrue(publisher.publish("Bearer operator", "application/json", -1,
                body("{\"topic\":\"news\",\"data\":\"x\",\"private\":true}")).isPrivate());
    }

    @Test
    void aPrivateEventIsRefusedWhereNoStreamCouldHaveIt() {
        var refused = assertThrows(Rejection.class, () -> publisher(Optional.of("t"))
                .publish("Bearer t", "application/json", -1, body("{\"data\":\"x\",\"private\":true}")));
        assertEquals(400, refused.status());
        assertEquals("private_unavailable", refused.code());
        assertTrue(store.sizes().isEmpty(), "nothing kept");
    }
}
