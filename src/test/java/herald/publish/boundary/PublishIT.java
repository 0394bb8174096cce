package herald.publish.boundary;

import herald.testing.Deployed;
import herald.testing.Http;
import herald.testing.OpenStreams;
import herald.testing.Publish;
import herald.testing.RawStream;
import herald.testing.Target;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Part 2: publishing over real HTTP: who may, what is refused, and what arrives on the wire. */
class PublishIT extends Deployed {

    static final Duration WAIT = Duration.ofSeconds(5);
    @RegisterExtension
    final OpenStreams streams = new OpenStreams();


    RawStream subscribe(String query) {
        return streams.keep(herald.subscribe(query, Map.of(), WAIT));
    }

    static void assertError(HttpResponse<String> response, int status, String code) {
        assertEquals(status, response.statusCode(), response.body());
        assertTrue(response.headers().firstValue("Content-Type").orElse("").startsWith("application/json"));
        assertEquals(code, Http.json(response.body()).getString("error"), response.body());
    }

    /** After a refused publish, the marker published next must be the first event the stream sees. */
    void assertNothingArrivedBefore(RawStream stream, String topic) {
        herald.publish(topic, null, "marker");
        var next = stream.next(WAIT);
        assertEquals("marker", next.data(), "a refused publish delivered something");
    }

    @Test
    void aValidTokenPublishesAndGetsAnId() {
        var stream = subscribe("?topic=pub-ok");
        var response = herald.publishForm("Bearer " + Publish.token(), Map.of("topic", "pub-ok", "data", "hello"));
        assertEquals(202, response.statusCode(), response.body());
        var id = Http.json(response.body()).getString("id");
        assertTrue(id.matches("\\d+-\\d+"), id);
        var event = stream.next(WAIT);
        assertEquals("hello", event.data());
        assertEquals(id, event.lastEventId());
        assertEquals("message", event.type());
    }

    @Test
    void missingOrWrongTokensAreUnauthorizedAndChangeNothing() {
        var stream = subscribe("?topic=pub-auth");
        for (var authorization : new String[]{null, "Bearer wrong", "Basic " + Publish.token(), "Bearer"}) {
            var response = herald.publishForm(authorization, Map.of("topic", "pub-auth", "data", "sneaky"));
            assertError(response, 401, "unauthorized");
            assertTrue(response.headers().firstValue("WWW-Authenticate").orElse("").startsWith("Bearer"),
                    "401 names the scheme");
        }
        assertNothingArrivedBefore(stream, "pub-auth");
    }

    @Test
    void badInputIsRefusedWithAClearErrorAndChangesNothing() {
        var stream = subscribe("?topic=pub-bad");
        var token = "Bearer " + Publish.token();
        assertError(herald.publishForm(token, Map.of("topic", "pub bad", "data", "x")), 400, "invalid_topic");
        assertError(herald.publishForm(token, Map.of("topic", "t".repeat(65), "data", "x")), 400, "invalid_topic");
        assertError(herald.publishForm(token, Map.of("topic", "pub-bad", "event", "", "data", "x")), 400, "invalid_event");
        assertError(herald.publishForm(token, Map.of("topic", "pub-bad", "event", "connecttime", "data", "x")), 400,
                "reserved_event");
        assertError(herald.publishForm(token, Map.of("topic", "pub-bad", "event", "history-truncated", "data", "x")), 400,
                "reserved_event");
        assertError(herald.publishForm(token, Map.of("topic", "pub-bad", "event", "a\nb", "data", "x")), 400, "invalid_event");
        assertError(herald.publishForm(token, Map.of("topic", "pub-bad", "event", "a\rb", "data", "x")), 400, "invalid_event");
        assertError(herald.publishForm(token, Map.of("topic", "pub-bad", "event", "a:b", "data", "x")), 400, "invalid_event");
        assertError(herald.publishForm(token, Map.of("topic", "pub-bad", "event", "e".repeat(65), "data", "x")), 400,
                "invalid_event");
        assertError(herald.publishForm(token, Map.of("topic", "pub-bad")), 400, "invalid_data");
        assertError(herald.publishJson("{\"topic\":\"pub-bad\",\"data\":"), 400, "invalid_body");
        assertError(herald.publishJson("{\"topic\":\"pub-bad\",\"data\":" + "[".repeat(5000) + "]".repeat(5000) + "}"), 400,
                "invalid_body");
        assertError(herald.publishJson("{\"topic\":\"pub-bad\",\"data\":1e999999999}"), 400, "invalid_body");
        assertError(herald.publishJson("{\"topic\":\"pub-bad\",\"data\":\"a\",\"data\":\"b\"}"), 400, "invalid_body");
        assertError(herald.publishJson("{\"topic\":\"pub-bad\",\"data\":\"\\ud800\"}"), 400, "invalid_body");
        assertError(Http.send(HttpRequest.newBuilder(herald.uri("stream"))
                .header("Authorization", token)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("topic=pub-bad&data=%C3"))), 400, "invalid_body");
        assertError(Http.send(HttpRequest.newBuilder(herald.uri("stream"))
                .header("Authorization", token)
                .header("Content-Type", "text/plain")
                .POST(HttpRequest.BodyPublishers.ofString("data"))), 415, "unsupported_media_type");
        assertNothingArrivedBefore(stream, "pub-bad");
    }

    @Test
    void aBodyOverTheLimitIsRefusedWith413() {
        var stream = subscribe("?topic=pub-big");
        var big = "x".repeat(64 * 1024 + 1);
        // declared length over the limit
        var refused = herald.publishForm("Bearer " + Publish.token(), Map.of("topic", "pub-big", "data", big));
        assertError(refused, 413, "payload_too_large");
        assertEquals("close", refused.headers().firstValue("Connection").orElse(""),
                "the unread rest of the body makes the connection unusable: said so");
        // no declared length (chunked): refused once the limit is passed
        var chunked = HttpRequest.BodyPublishers.ofInputStream(
                () -> new java.io.ByteArrayInputStream(("topic=pub-big&data=" + big).getBytes()));
        assertError(Http.send(HttpRequest.newBuilder(herald.uri("stream"))
                .header("Authorization", "Bearer " + Publish.token())
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(chunked)), 413, "payload_too_large");
        assertNothingArrivedBefore(stream, "pub-big");
        // just under the limit is fine
        var fits = "y".repeat(60 * 1024);
        herald.publish("pub-big", null, fits);
        assertEquals(fits, stream.next(WAIT).data());
    }

    @Test
    void lineBreaksArriveAsLineFeedsAndCannotInjectFieldsOrEvents() {
        var stream = subscribe("?topic=pub-lines");
        var id = herald.publish("pub-lines", "note", "one\r\ntwo\rthree\nfour\n\nevent: evil\ndata: injected\nid: 1\n\nretry: 1");
        var event = stream.next(WAIT);
        assertEquals("note", event.type());
        assertEquals(id, event.lastEventId());
        assertEquals("10000", stream.retry(), "the data's retry line did not become a field");
        if (Target.restEasySink()) {
            // The platform's limit, stated rather than skipped: RESTEasy's sink writes data through its own writer,
            // which collapses runs of line breaks, so the empty lines are lost (why `auto` serves the servlet writer
            // there). Nothing is injected all the same.
            assertEquals("one\ntwo\nthree\nfour\nevent: evil\ndata: injected\nid: 1\nretry: 1", event.data());
        } else {
            assertEquals("one\ntwo\nthree\nfour\n\nevent: evil\ndata: injected\nid: 1\n\nretry: 1", event.data());
            assertTrue(stream.text().endsWith("event: note\nid: " + id + "\ndata: one\ndata: two\ndata: three\n"
                    + "data: four\ndata: \ndata: event: evil\ndata: data: injected\ndata: id: 1\ndata: \ndata: retry: 1\n\n"),
                    "exact bytes on the wire:\n" + stream.text());
        }
        assertNothingArrivedBefore(stream, "pub-lines");
    }

    @Test
    void anEventWithEmptyDataKeepsItsDataLineSoThatBrowsersDispatchIt() {
        var stream = subscribe("?topic=pub-empty");
        var id = herald.publish("pub-empty", "ping", "");
        var event = stream.next(WAIT);
        assertEquals("ping", event.type());
        assertEquals("", event.data());
        assertTrue(stream.text().endsWith("event: ping\nid: " + id + "\ndata: \n\n"), stream.text());
    }

    @Test
    void jsonBodiesPublishToo() {
        var stream = subscribe("?topic=pub-json");
        var response = herald.publishJson("{\"topic\":\"pub-json\",\"event\":\"order\",\"data\":{\"id\":7,\"items\":[1,2]}}");
        assertEquals(202, response.statusCode(), response.body());
        var event = stream.next(WAIT);
        assertEquals("order", event.type());
        assertEquals("{\"id\":7,\"items\":[1,2]}", event.data());
        var text = herald.publishJson("{\"topic\":\"pub-json\",\"data\":\"plain ünïcödé ✓\"}");
        assertEquals(202, text.statusCode(), text.body());
        assertEquals("plain ünïcödé ✓", stream.next(WAIT).data());
    }

    @Test
    void withoutATopicAnEventGoesToTheDefaultTopicWithTheTicks() {
        var stream = subscribe("");
        var id = herald.publish(null, "announcement", "to everyone");
        var event = stream.next("announcement", WAIT);
        assertEquals("to everyone", event.data());
        assertEquals(id, event.lastEventId());
    }
}
