package herald.history.control;

import herald.testing.BuildRedis;
import herald.testing.Http;
import herald.testing.OpenStreams;
import herald.testing.Publish;
import herald.testing.RawStream;
import herald.testing.SseEvent;
import jakarta.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
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
 * Part 5: two Herald instances (two Tomcats started by the build) sharing one stream through one real
 * redis-server, which this test stops and starts again.
 */
class RedisStoreIT {

    static final Duration WAIT = Duration.ofSeconds(15);
    static final URI A = URI.create(System.getProperty("it.baseUrl"));
    static final URI B = URI.create(System.getProperty("it.otherUrl"));

    @RegisterExtension
    final OpenStreams open = new OpenStreams();

    RawStream subscribe(URI instance, String query, Map<String, String> headers) {
        var stream = open.open(instance.resolve("stream" + query), headers);
        assertEquals(200, stream.status(), () -> instance + " stream" + query + ": " + stream.text());
        stream.next("connecttime", WAIT);
        return stream;
    }

    static HttpResponse<String> publish(URI instance, String topic, String data) {
        return Publish.form(instance, "Bearer " + Publish.token(), Map.of("topic", topic, "event", "n", "data", data));
    }

    static String published(URI instance, String topic, String data) {
        return Publish.event(instance, topic, "n", data);
    }

    static JsonObject health(URI instance) {
        return Http.json(Http.send(HttpRequest.newBuilder(instance.resolve("health")).GET()).body());
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
        var onA = subscribe(A, "?topic=ri-fan", Map.of());
        var onB = subscribe(B, "?topic=ri-fan", Map.of());
        var ids = new ArrayList<String>();
        for (int i = 0; i < 10; i++) {
            ids.add(published(i % 2 == 0 ? A : B, "ri-fan", "m" + i));
        }
        for (var stream : List.of(onA, onB)) {
            var events = next(stream, 10);
            assertEquals(ids, events.stream().map(SseEvent::lastEventId).toList());
            assertEquals(List.of("m0", "m1", "m2", "m3", "m4", "m5", "m6", "m7", "m8", "m9"),
                    events.stream().map(SseEvent::data).toList());
        }
        // and nothing more: a marker published afterwards is the very next event on both
        published(B, "ri-fan", "end");
        assertEquals("end", onA.next("n", WAIT).data());
        assertEquals("end", onB.next("n", WAIT).data());
    }

    @Test
    void aClientOfAResumesOnBWithExactlyWhatItMissed() {
        var first = subscribe(A, "?topic=ri-move", Map.of());
        published(A, "ri-move", "before");
        var seen = first.next("n", WAIT);
        first.close();

        published(A, "ri-move", "missed-1");
        published(B, "ri-move", "missed-2");
        published(A, "ri-move", "missed-3");

        var resumed = subscribe(B, "?topic=ri-move", Map.of("Last-Event-ID", seen.lastEventId()));
        assertEquals(List.of("missed-1", "missed-2", "missed-3"), next(resumed, 3).stream().map(SseEvent::data).toList());
        published(A, "ri-move", "live");
        assertEquals("live", resumed.next("n", WAIT).data(), "then live events, with nothing repeated");
    }

    @Test
    void withRedisStoppedPublishingIsRefusedStreamsAndResumesStayOpenAndAfterItsRestartEventsFlowToAllAgain() {
        var onA = subscribe(A, "", Map.of());
        var onB = subscribe(B, "?topic=default&topic=ri-down", Map.of());
        var beforeA = published(A, "default", "before");
        var before2 = published(A, "default", "before-2");
        assertEquals(List.of(beforeA, before2), next(onA, 2).stream().map(SseEvent::lastEventId).toList());
        assertEquals(List.of(beforeA, before2), next(onB, 2).stream().map(SseEvent::lastEventId).toList());
        RawStream resume;

        BuildRedis.stop();
        try {
            await().atMost(WAIT).until(() -> "DOWN".equals(health(A).getString("redis")));
            await().atMost(WAIT).until(() -> "DOWN".equals(health(B).getString("redis")));
            assertEquals("DEGRADED", health(A).getString("status"));

            long started = System.nanoTime();
            var refused = publish(B, "ri-down", "lost?");
            long tookMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
            assertEquals(503, refused.statusCode(), refused::body);
            assertEquals("store_unavailable", Http.json(refused.body()).getString("error"));
            assertNotNull(refused.headers().firstValue("Retry-After").orElse(null));
            assertTrue(tookMillis < 3000, "refused within a short timeout, took " + tookMillis + " ms");

            // A resume is accepted and held open, ticking, until its replay can be read.
            resume = subscribe(A, "", Map.of("Last-Event-ID", beforeA));
            resume.next("message", WAIT);

            // Streams stay open and keep ticking on both instances.
            onA.next("message", WAIT);
            onB.next("message", WAIT);
        } finally {
            BuildRedis.start();
        }
        await().atMost(WAIT).until(() -> "UP".equals(health(A).getString("redis")));
        await().atMost(WAIT).until(() -> "UP".equals(health(B).getString("redis")));
        assertEquals("UP", health(B).getString("status"));

        var after = published(B, "ri-down", "after");
        var afterDefault = published(A, "default", "after-default");
        var onBEvents = next(onB, 2);
        assertEquals(List.of(after, afterDefault), onBEvents.stream().map(SseEvent::lastEventId).toList(),
                "nothing refused came through, nothing twice");
        assertEquals(afterDefault, onA.next("n", WAIT).lastEventId());
        assertEquals(List.of(before2, afterDefault), next(resume, 2).stream().map(SseEvent::lastEventId).toList(),
                "the held resume: its replay once Redis was back, then live events");
    }
}
