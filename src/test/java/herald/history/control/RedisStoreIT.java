package herald.history.control;

import herald.testing.BuildRedis;
import herald.testing.Deployed;
import herald.testing.HeraldClient;
import herald.testing.Http;
import herald.testing.OpenStreams;
import herald.testing.RawStream;
import herald.testing.SseEvent;
import herald.testing.TomcatInstance;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Part 5: two Herald instances sharing one stream through one real redis-server, which this test stops and starts
 * again: the deployment under test (A) and a second Tomcat started here with the same settings (B), a peer rather
 * than a deployment under test. On the Redis pair only.
 */
@EnabledIfSystemProperty(named = "it.container", matches = "tomcat-redis")
class RedisStoreIT extends Deployed {

    static final Duration WAIT = Duration.ofSeconds(15);
    static TomcatInstance other;
    /** Instance B. */
    static HeraldClient B;

    @BeforeAll
    static void startB() {
        other = new TomcatInstance("redis-b", System.getProperty("it.herald") + " " + System.getProperty("it.options"));
        other.start();
        B = other.client();
    }

    @AfterAll
    static void stopB() {
        if (other != null) {
            other.close();
        }
    }

    @RegisterExtension
    final OpenStreams open = new OpenStreams();

    RawStream subscribe(HeraldClient instance, String query, Map<String, String> headers) {
        return open.keep(instance.subscribe(query, headers, WAIT));
    }

    /** The next {@code count} events of type n: data and ids. */
    static List<SseEvent> next(RawStream stream, int count) {
        var events = new ArrayList<SseEvent>();
        for (int i = 0; i < count; i++) {
            events.add(stream.next("n", WAIT));
        }
        return events;
    }

    @Test
    void anEventPublishedToEitherInstanceReachesTheClientsOfBothOnceInOrderWithTheSameIds() {
        var onA = subscribe(herald, "?topic=ri-fan", Map.of());
        var onB = subscribe(B, "?topic=ri-fan", Map.of());
        var ids = new ArrayList<String>();
        for (int i = 0; i < 10; i++) {
            ids.add((i % 2 == 0 ? herald : B).publish("ri-fan", "n", "m" + i));
        }
        for (var stream : List.of(onA, onB)) {
            var events = next(stream, 10);
            assertEquals(ids, events.stream().map(SseEvent::lastEventId).toList());
            assertEquals(List.of("m0", "m1", "m2", "m3", "m4", "m5", "m6", "m7", "m8", "m9"),
                    events.stream().map(SseEvent::data).toList());
        }
        // and nothing more: a marker published afterwards is the very next event on both
        B.publish("ri-fan", "n", "end");
        assertEquals("end", onA.next("n", WAIT).data());
        assertEquals("end", onB.next("n", WAIT).data());
    }

    @Test
    void aClientOfAResumesOnBWithExactlyWhatItMissed() {
        var first = subscribe(herald, "?topic=ri-move", Map.of());
        herald.publish("ri-move", "n", "before");
        var seen = first.next("n", WAIT);
        first.close();

        herald.publish("ri-move", "n", "missed-1");
        B.publish("ri-move", "n", "missed-2");
        herald.publish("ri-move", "n", "missed-3");

        var resumed = subscribe(B, "?topic=ri-move", Map.of("Last-Event-ID", seen.lastEventId()));
        assertEquals(List.of("missed-1", "missed-2", "missed-3"), next(resumed, 3).stream().map(SseEvent::data).toList());
        herald.publish("ri-move", "n", "live");
        assertEquals("live", resumed.next("n", WAIT).data(), "then live events, with nothing repeated");
    }

    @Test
    void withRedisStoppedPublishingIsRefusedStreamsAndResumesStayOpenAndAfterItsRestartEventsFlowToAllAgain() {
        var onA = subscribe(herald, "", Map.of());
        var onB = subscribe(B, "?topic=default&topic=ri-down", Map.of());
        var beforeA = herald.publish("default", "n", "before");
        var before2 = herald.publish("default", "n", "before-2");
        assertEquals(List.of(beforeA, before2), next(onA, 2).stream().map(SseEvent::lastEventId).toList());
        assertEquals(List.of(beforeA, before2), next(onB, 2).stream().map(SseEvent::lastEventId).toList());
        RawStream resume;

        BuildRedis.stop();
        try {
            await().atMost(WAIT).until(() -> "DOWN".equals(herald.health().getString("redis")));
            await().atMost(WAIT).until(() -> "DOWN".equals(B.health().getString("redis")));
            assertEquals("DEGRADED", herald.health().getString("status"));

            long started = System.nanoTime();
            var refused = B.publish(Map.of("topic", "ri-down", "event", "n", "data", "lost?"));
            long tookMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
            assertEquals(503, refused.statusCode(), refused::body);
            assertEquals("store_unavailable", Http.json(refused.body()).getString("error"));
            assertNotNull(refused.headers().firstValue("Retry-After").orElse(null));
            assertTrue(tookMillis < 3000, "refused within a short timeout, took " + tookMillis + " ms");

            // A resume is accepted and held open, ticking, until its replay can be read.
            resume = subscribe(herald, "", Map.of("Last-Event-ID", beforeA));
            resume.next("message", WAIT);

            // Streams stay open and keep ticking on both instances.
            onA.next("message", WAIT);
            onB.next("message", WAIT);
        } finally {
            BuildRedis.start();
        }
        await().atMost(WAIT).until(() -> "UP".equals(herald.health().getString("redis")));
        await().atMost(WAIT).until(() -> "UP".equals(B.health().getString("redis")));
        assertEquals("UP", B.health().getString("status"));

        var after = B.publish("ri-down", "n", "after");
        var afterDefault = herald.publish("default", "n", "after-default");
        var onBEvents = next(onB, 2);
        assertEquals(List.of(after, afterDefault), onBEvents.stream().map(SseEvent::lastEventId).toList(),
                "nothing refused came through, nothing twice");
        assertEquals(afterDefault, onA.next("n", WAIT).lastEventId());
        assertEquals(List.of(before2, afterDefault), next(resume, 2).stream().map(SseEvent::lastEventId).toList(),
                "the held resume: its replay once Redis was back, then live events");
    }
}
