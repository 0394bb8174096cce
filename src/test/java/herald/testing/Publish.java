package herald.testing;

import jakarta.json.JsonObject;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

/** Publishing to the Herald under test with the token the build gave it ({@code it.token}). */
public final class Publish {

    private Publish() {
    }

    public static String token() {
        return System.getProperty("it.token", "it-secret");
    }

    public static HttpResponse<String> form(String authorization, Map<String, String> fields) {
        return form(Target.base(), authorization, fields);
    }

    /** To the Herald at {@code base} (for tests of several instances). */
    public static HttpResponse<String> form(URI base, String authorization, Map<String, String> fields) {
        var body = fields.entrySet().stream()
                .map(field -> encode(field.getKey()) + "=" + encode(field.getValue()))
                .collect(Collectors.joining("&"));
        var request = HttpRequest.newBuilder(base.resolve("stream"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return Http.send(request);
    }

    public static HttpResponse<String> json(String json) {
        return Http.send(HttpRequest.newBuilder(Target.uri("stream"))
                .header("Content-Type", "application/json")
                .header("Authorization", "Bearer " + token())
                .POST(HttpRequest.BodyPublishers.ofString(json)));
    }

    /** Publishes and returns the id given; fails the test on anything but 202. */
    public static String event(String topic, String type, String data) {
        return event(Target.base(), topic, type, data);
    }

    public static String event(URI base, String topic, String type, String data) {
        var fields = new LinkedHashMap<String, String>();
        if (topic != null) {
            fields.put("topic", topic);
        }
        if (type != null) {
            fields.put("event", type);
        }
        fields.put("data", data);
        var response = form(base, "Bearer " + token(), fields);
        if (response.statusCode() != 202) {
            throw new AssertionError("publish answered " + response.statusCode() + ": " + response.body());
        }
        JsonObject answer = Http.json(response.body());
        return answer.getString("id");
    }

    private static String encode(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8);
    }
}
