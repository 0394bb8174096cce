package herald.metrics.boundary;

import herald.testing.Deployed;
import herald.testing.PrometheusText;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Part 2: /metrics in the Prometheus text format, and its figures moving with what happens. */
class MetricsIT extends Deployed {

    static final Duration WAIT = Duration.ofSeconds(5);

    @Test
    void servesPrometheusTextThatFollowsPublishingAndDelivery() {
        var response = herald.get("metrics");
        assertEquals(200, response.statusCode());
        var contentType = jakarta.ws.rs.core.MediaType.valueOf(response.headers().firstValue("Content-Type").orElseThrow());
        assertEquals("text/plain", contentType.getType() + "/" + contentType.getSubtype());
        assertEquals("0.0.4", contentType.getParameters().get("version"), contentType.toString());
        var before = PrometheusText.parse(response.body());
        assertEquals("counter", before.type("herald_events_published_total"));
        assertEquals("counter", before.type("herald_events_delivered_total"));
        assertEquals("counter", before.type("herald_clients_dropped_total"));
        assertEquals("gauge", before.type("herald_streams_open"));
        assertEquals("gauge", before.type("herald_history_events"));
        for (var reason : new String[]{"gone", "slow", "limit", "shutdown"}) {
            before.value("herald_clients_dropped_total{reason=\"" + reason + "\"}");
        }

        try (var one = herald.raw("stream?topic=met"); var two = herald.raw("stream?topic=met")) {
            one.next("connecttime", WAIT);
            two.next("connecttime", WAIT);
            herald.publish("met", null, "counted");
            one.next(WAIT);
            two.next(WAIT);
            await().atMost(WAIT).until(() -> herald.metrics().value("herald_events_delivered_total")
                    >= before.value("herald_events_delivered_total") + 2);
            var after = herald.metrics();
            assertEquals(before.value("herald_events_published_total") + 1, after.value("herald_events_published_total"));
            assertTrue(after.value("herald_streams_open") >= 2);
            assertTrue(after.value("herald_history_events") >= 1);
        }
    }
}
