package herald.access.control;

import herald.access.entity.Grant;
import herald.access.entity.TopicPatterns;
import herald.base.Rejection;
import herald.event.entity.Topic;
import herald.testing.Jwts;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AccessTest {

    static final String SECRET = Jwts.UNIT_SECRET;
    final List<String> refusals = new ArrayList<>();
    final Access access = new Access(Optional.of(TokenVerifier.hmac(SECRET)), TopicPatterns.parse("private.*"),
            Clock.systemUTC(), refusals::add);

    static String token(List<String> subscribe, List<String> publish) {
        return Jwts.hs256(SECRET, subscribe, publish, Instant.now().plus(Duration.ofHours(1)));
    }

    Rejection refusal(Runnable action) {
        return assertThrows(Rejection.class, action::run);
    }

    @Test
    void publicTopicsNeedNoToken() {
        assertSame(Grant.NONE, access.subscriber(null, Set.of(new Topic("news"))));
    }

    @Test
    void aPrivateTopicNeedsATokenThatCoversIt() {
        var none = refusal(() -> access.subscriber(null, Set.of(new Topic("news"), new Topic("private.a"))));
        assertEquals(401, none.status());
        assertEquals("token_required", none.code());
        var other = refusal(() -> access.subscriber(token(List.of("private.b"), List.of()), Set.of(new Topic("private.a"))));
        assertEquals(403, other.status());
        assertEquals("topic_forbidden", other.code());
        var grant = access.subscriber(token(List.of("private.*"), List.of()), Set.of(new Topic("private.a")));
        assertTrue(grant.mayRead(new Topic("private.zz")));
        assertEquals(List.of("token_required", "topic_forbidden"), refusals, "each refusal counted by its reason");
    }

    @Test
    void aBadTokenIsRefusedEvenForPublicTopics() {
        var refused = refusal(() -> access.subscriber("x.y.z", Set.of(new Topic("news"))));
        assertEquals(401, refused.status());
        assertEquals(List.of("token_malformed"), refusals);
    }

    @Test
    void aPublisherPublishesWhereItsClaimSaysAndNowhereElse() {
        var grant = access.publisher(token(List.of(), List.of("orders.*")));
        access.mayPublish(grant, new Topic("orders.1"));
        var refused = refusal(() -> access.mayPublish(grant, new Topic("news")));
        assertEquals(403, refused.status());
        assertEquals("topic_forbidden", refused.code());
    }

    @Test
    void withoutAKeyThereAreNoPrivateTopicsAndTokensAreNotLookedAt() {
        var keyless = new Access(Optional.empty(), TopicPatterns.NONE, Clock.systemUTC(), refusals::add);
        assertSame(Grant.NONE, keyless.subscriber("anything", Set.of(new Topic("news"))));
        assertEquals(401, refusal(() -> keyless.publisher("anything")).status());
        assertThrows(IllegalArgumentException.class, () -> new Access(Optional.empty(), TopicPatterns.parse("p.*"),
                Clock.systemUTC(), refusals::add), "private topics nobody could read");
    }
}
