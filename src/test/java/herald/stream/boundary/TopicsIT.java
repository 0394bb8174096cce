package herald.stream.boundary;

import herald.testing.Deployed;
import herald.testing.Http;
import herald.testing.OpenStreams;
import herald.testing.RawStream;
import herald.testing.Target;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

/** Part 2: topics kept apart, several per stream, and their limits. */
class TopicsIT extends Deployed {

    static final Duration WAIT = Duration.ofSeconds(5);
    @RegisterExtension
    final OpenStreams streams = new OpenStreams();


    RawStream subscribe(String query) {
        return streams.keep(herald.subscribe(query, Map.of(), WAIT));
    }

    @Test
    void eachStreamGetsItsTopicsOnlyInIdOrder() {
        var a = subscribe("?topic=tp-a");
        var b = subscribe("?topic=tp-b");
        var both = subscribe("?topic=tp-a&topic=tp-b");
        herald.publish("tp-a", null, "a1");
        herald.publish("tp-b", null, "b1");
        herald.publish("tp-c", null, "c1");
        herald.publish("tp-a", null, "a2");
        herald.publish("tp-b", null, "end");
        herald.publish("tp-a", null, "end");

        assertEquals(List.of("a1", "a2", "end"), take(a, 3));
        assertEquals(List.of("b1", "end"), take(b, 2));
        assertEquals(List.of("a1", "b1", "a2", "end", "end"), take(both, 5));
    }

    @Test
    void aStreamOfOtherTopicsGetsNoTicksAndTheDefaultStreamNoTopicEvents() {
        var topical = subscribe("?topic=tp-quiet");
        var plain = subscribe("");
        herald.publish("tp-quiet", null, "for topical");
        assertEquals("for topical", topical.next(WAIT).data(), "no tick before it");
        // two ticks pass on the default stream; the topic's event is not among them
        plain.next(WAIT);
        plain.next(WAIT);
        plain.next(WAIT);
        assertEquals(Target.streamPrefix().length(), plain.text().indexOf("event: connecttime"));
        assertEquals(-1, plain.text().indexOf("for topical"));
        herald.publish("tp-quiet", null, "second");
        assertEquals("second", topical.next(WAIT).data(), "still no tick on the topic's stream");
    }

    @Test
    void topicsAreValidatedAndAtMostThirtyTwo() {
        var bad = streams.keep(herald.raw("stream?topic=a%20b"));
        assertEquals(400, bad.status());
        assertNotEquals("text/event-stream", bad.header("Content-Type"));

        var names = IntStream.rangeClosed(1, 33).mapToObj(i -> "topic=t" + i).collect(Collectors.joining("&"));
        var tooMany = streams.keep(herald.raw("stream?" + names));
        assertEquals(400, tooMany.status());

        var names32 = IntStream.rangeClosed(1, 32).mapToObj(i -> "topic=t" + i).collect(Collectors.joining("&"));
        subscribe("?" + names32);
        assertEquals("too_many_topics", Http.json(readAll(tooMany)).getString("error"));
    }

    static String readAll(RawStream stream) {
        try {
            stream.awaitEnd(WAIT);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return stream.text();
    }

    static List<String> take(RawStream stream, int count) {
        var data = new ArrayList<String>();
        for (int i = 0; i < count; i++) {
            data.add(stream.next(WAIT).data());
        }
        return data;
    }
}
