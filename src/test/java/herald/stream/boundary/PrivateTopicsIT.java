package herald.stream.boundary;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.PlainJWT;
import herald.testing.Deployed;
import herald.testing.Http;
import herald.testing.Jwts;
import herald.testing.OpenStreams;
import herald.testing.RawStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Part 10: private topics ({@code herald.topics.private=private.*} here) and private events reach only the streams
 * whose token covers their topic, live and on resume; every bad token is refused with its reason, and nothing is
 * subscribed or published then; a token that expires closes its stream; a publisher's own token publishes to its
 * topics only. Tokens are signed with the build's secret ({@code herald.jwt.secret}) as an issuer would.
 */
class PrivateTopicsIT extends Deployed {

    static final Duration WAIT = Duration.ofSeconds(10);
    /** A quiet moment: long enough for an event that was going to arrive to have arrived (checked against a marker). */
    static final Duration QUIET = Duration.ofMillis(500);

    @RegisterExtension
    final OpenStreams open = new OpenStreams();

    RawStream subscribe(String query, String token) {
        return open.keep(herald.subscribe(query, token == null ? Map.of() : Map.of("Authorization", "Bearer " + token), WAIT));
    }

    static String bearer(String token) {
        return "Bearer " + token;
    }

    /** A refused stream's status and the error of its JSON body. */
    static String refusal(RawStream stream, int status) throws InterruptedException {
        try (stream) {
            assertEquals(status, stream.status(), stream.text());
            stream.awaitEnd(WAIT);
            return Http.json(stream.text()).getString("error");
        }
    }

    /** The data of the events of type n the stream gets up to and including {@code marker} (a public event). */
    static List<String> upTo(RawStream stream, String marker) {
        var seen = new java.util.ArrayList<String>();
        while (seen.isEmpty() || !seen.get(seen.size() - 1).equals(marker)) {
            seen.add(stream.next("n", WAIT).data());
        }
        return seen;
    }

    @Test
    void aPrivateTopicsEventsReachTheStreamsWhoseTokenCoversItAndNoOtherLiveAndOnResume() throws Exception {
        var orders = subscribe("?topic=private.orders", Jwts.token(List.of("private.*"), List.of()));
        var exact = subscribe("?topic=private.orders", Jwts.token(List.of("private.orders"), List.of()));
        assertEquals("topic_forbidden", refusal(herald.open("?topic=private.orders",
                Map.of("Authorization", bearer(Jwts.token(List.of("private.bills"), List.of())))), 403));
        assertEquals("token_required", refusal(herald.open("?topic=private.orders", Map.of()), 401));

        var first = herald.publish("private.orders", "n", "o1");
        assertEquals("o1", orders.next("n", WAIT).data());
        assertEquals("o1", exact.next("n", WAIT).data());
        herald.publish("private.orders", "n", "o2");
        orders.next("n", WAIT);

        // A resume after o1, with a covering token, gets o2; the cookie is where a browser keeps its token.
        var resumed = open.keep(herald.subscribe("?topic=private.orders&lastEventId=" + first,
                Map.of("Cookie", "herald_token=" + Jwts.token(List.of("private.*"), List.of())), WAIT));
        assertEquals("o2", resumed.next("n", WAIT).data());
    }

    @Test
    void anEventPublishedPrivateOnAPublicTopicReachesOnlyCoveringTokensLiveAndOnResume() throws Exception {
        var covering = Jwts.token(List.of("news.*"), List.of());
        var allowed = subscribe("?topic=news.eu", covering);
        var anyone = subscribe("?topic=news.eu", null);
        var other = subscribe("?topic=news.eu", Jwts.token(List.of("sports"), List.of()));
        var before = herald.publish("news.eu", "n", "public-1");
        var response = herald.publishJson("{\"topic\":\"news.eu\",\"event\":\"n\",\"data\":\"secret\",\"private\":true}");
        assertEquals(202, response.statusCode(), response.body());
        herald.publish("news.eu", "n", "public-2");
        assertEquals(List.of("public-1", "secret", "public-2"), upTo(allowed, "public-2"));
        assertEquals(List.of("public-1", "public-2"), upTo(anyone, "public-2"));
        assertEquals(List.of("public-1", "public-2"), upTo(other, "public-2"));

        var token = URLEncoder.encode(covering, StandardCharsets.UTF_8);
        var resumedWithToken = open.keep(herald.subscribe("?topic=news.eu&lastEventId=" + before + "&access_token=" + token,
                Map.of(), WAIT));
        assertEquals(List.of("secret", "public-2"), upTo(resumedWithToken, "public-2"));
        var resumedWithout = subscribe("?topic=news.eu&lastEventId=" + before, null);
        assertEquals(List.of("public-2"), upTo(resumedWithout, "public-2"));
        assertEquals(null, resumedWithout.poll(QUIET), "nothing private after the marker either");
    }

    @Test
    void eachBadTokenIsRefusedWithItsReasonAndNothingIsSubscribed() throws Exception {
        var secret = Jwts.secret();
        var claims = Jwts.claims(List.of("*"), List.of("*"), Instant.now().plusSeconds(600)).build();
        var cases = Map.of(
                "token_malformed", "not.a.token",
                "token_unsigned", new PlainJWT(claims).serialize(),
                "token_algorithm", Jwts.sign(new MACSigner(secret + secret), JWSAlgorithm.HS512, claims),
                "token_signature", Jwts.hs256(secret + "x", List.of("*"), List.of(), Instant.now().plusSeconds(600)),
                "token_no_expiry", Jwts.hs256(secret, List.of("*"), List.of(), null),
                "token_expired", Jwts.hs256(secret, List.of("*"), List.of(), Instant.now().minusSeconds(1)),
                "token_not_yet_valid", Jwts.sign(new MACSigner(secret), JWSAlgorithm.HS256,
                        Jwts.claims(List.of("*"), List.of(), Instant.now().plusSeconds(600))
                                .notBeforeTime(Date.from(Instant.now().plusSeconds(300))).build()));
        // Earlier tests' streams are closed, and found gone at the next heartbeat: start from none.
        await().atMost(WAIT).until(() -> herald.clients() == 0);
        var refusedBefore = herald.metrics();
        for (var bad : cases.entrySet()) {
            assertEquals(bad.getKey(), refusal(herald.open("?topic=news", Map.of("Authorization", bearer(bad.getValue()))), 401));
            var publish = herald.publishForm(bearer(bad.getValue()), Map.of("topic", "news", "data", "x"));
            assertEquals(401, publish.statusCode(), bad.getKey());
            assertEquals(bad.getKey(), Http.json(publish.body()).getString("error"));
        }
        assertEquals(0, herald.clients(), "nothing subscribed");
        var after = herald.metrics();
        for (var reason : cases.keySet()) {
            var metric = "herald_tokens_refused_total{reason=\"" + reason + "\"}";
            assertEquals(refusedBefore.valueOr(metric, 0) + 2, after.value(metric), metric);
        }
    }

    @Test
    void aStreamIsClosedWhenItsTokenExpires() throws Exception {
        var token = Jwts.hs256(Jwts.secret(), List.of("private.*"), List.of(), Instant.now().plusSeconds(3));
        var stream = subscribe("?topic=private.soon", token);
        // Closed at the first frame offered after it expired: heartbeats come every 2 s here.
        assertTrue(stream.awaitEnd(Duration.ofSeconds(3 + 2 + 5)), "closed once the token expired");
        assertTrue(herald.metrics().value("herald_clients_dropped_total{reason=\"expired\"}") >= 1);
    }

    @Test
    void aPublishersOwnTokenPublishesToItsTopicsAndNowhereElse() {
        var token = Jwts.token(List.of(), List.of("shop.*"));
        var watcher = subscribe("?topic=shop.cart&topic=news", null);
        var accepted = herald.publishForm(bearer(token), Map.of("topic", "shop.cart", "event", "n", "data", "in"));
        assertEquals(202, accepted.statusCode(), accepted.body());
        var refused = herald.publishForm(bearer(token), Map.of("topic", "news", "event", "n", "data", "out"));
        assertEquals(403, refused.statusCode());
        assertEquals("topic_forbidden", Http.json(refused.body()).getString("error"));
        herald.publish("news", "n", "marker");
        assertEquals(List.of("in", "marker"), upTo(watcher, "marker"), "the refused event was not published");
    }
}
