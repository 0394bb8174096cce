package herald.testing;

import jakarta.json.JsonObject;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One Herald instance as its clients see it, at its base URL: subscribe, publish, health, metrics. Tests of several
 * instances make one each; the one Arquillian deployed for a test class is {@link Deployed#herald}.
 */
public final class HeraldClient {

    private final URI base;

    public HeraldClient(URI base) {
        this.base = URI.create(base.toString().endsWith("/") ? base.toString() : base + "/");
    }

    public URI base() {
        return base;
    }

    public URI uri(String relative) {
        return base.resolve(relative);
    }

    /** A plain {@code GET} of a path below the base. */
    public HttpResponse<String> get(String relative) {
        return Http.send(HttpRequest.newBuilder(uri(relative)).GET());
    }

    /** Opens {@code relative} (a stream's path and query) as a raw SSE client; whatever the answer. */
    public RawStream raw(String relative) {
        return RawStream.open(uri(relative), Map.of());
    }

    /** Opens {@code stream<query>} with these headers; whatever the answer (the caller checks its status). */
    public RawStream open(String query, Map<String, String> headers) {
        return RawStream.open(uri("stream" + query), headers);
    }

    /** Opens {@code stream<query>}, which must answer 200, and waits for its greeting. */
    public RawStream subscribe(String query, Map<String, String> headers, Duration wait) {
        var stream = open(query, headers);
        if (stream.status() != 200) {
            stream.close();
            throw new AssertionError(base + " stream" + query + " answered " + stream.status() + ": " + stream.text());
        }
        stream.next("connecttime", wait);
        return stream;
    }

    /** Publishes with the build's token; the answer as it came. */
    public HttpResponse<String> publish(Map<String, String> fields) {
        return publishForm("Bearer " + Publish.token(), fields);
    }

    /** Publishes a form with this {@code Authorization} (null: none); the answer as it came. */
    public HttpResponse<String> publishForm(String authorization, Map<String, String> fields) {
        return Publish.form(base, authorization, fields);
    }

    /** Publishes a JSON body with the build's token; the answer as it came. */
    public HttpResponse<String> publishJson(String json) {
        return Http.send(HttpRequest.newBuilder(uri("stream"))
                .header("Content-Type", "application/json")
                .header("Authorization", "Bearer " + Publish.token())
                .POST(HttpRequest.BodyPublishers.ofString(json)));
    }

    /** Publishes with the build's token and returns the id given; fails the test on anything but 202. */
    public String publish(String topic, String type, String data) {
        var fields = new LinkedHashMap<String, String>();
        if (topic != null) {
            fields.put("topic", topic);
        }
        if (type != null) {
            fields.put("event", type);
        }
        fields.put("data", data);
        var response = publish(fields);
        if (response.statusCode() != 202) {
            throw new AssertionError(base + " publish answered " + response.statusCode() + ": " + response.body());
        }
        return Http.json(response.body()).getString("id");
    }

    public JsonObject health() {
        var response = get("health");
        if (response.statusCode() != 200) {
            throw new AssertionError(base + " /health answered " + response.statusCode() + ": " + response.body());
        }
        return Http.json(response.body());
    }

    /** Open streams, as /health counts them. */
    public int clients() {
        return health().getInt("clients");
    }

    public PrometheusText metrics() {
        var response = get("metrics");
        if (response.statusCode() != 200) {
            throw new AssertionError(base + " /metrics answered " + response.statusCode());
        }
        return PrometheusText.parse(response.body());
    }
}
