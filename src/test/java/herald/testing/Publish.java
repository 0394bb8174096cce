package herald.testing;


import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.stream.Collectors;

/** Publishing: the token the build gave the instances ({@code it.token}), and a form posted to one of them. */
public final class Publish {

    private Publish() {
    }

    public static String token() {
        return Target.setting("publish.token");
    }

    /** A form to the Herald at {@code base}, with this {@code Authorization} (null: none); see {@link HeraldClient}. */
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

    private static String encode(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8);
    }
}
