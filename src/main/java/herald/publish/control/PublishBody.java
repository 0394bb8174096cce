package herald.publish.control;

import herald.app.control.Rejection;
import jakarta.json.Json;
import jakarta.json.JsonException;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.net.URLDecoder;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The body of a publish request, read with a bound and parsed into its fields {@code topic},
 * {@code event} and {@code data}: from {@code application/x-www-form-urlencoded} or from a JSON object.
 * In JSON, {@code data} may be any value; one that is not a string is published as its JSON text.
 */
public final class PublishBody {

    static final Set<String> FIELDS = Set.of("topic", "event", "data");

    private PublishBody() {
    }

    /**
     * Reads at most {@code limit} bytes: a declared length over it is refused before any byte is read,
     * an undeclared one as soon as the limit is passed.
     */
    public static Map<String, String> read(String contentType, long contentLength, InputStream body, int limit) {
        if (contentLength > limit) {
            throw tooLarge(limit);
        }
        var kind = mediaType(contentType);
        var text = utf8(readBounded(body, limit));
        return switch (kind) {
            case "application/x-www-form-urlencoded" -> form(text);
            case "application/json" -> json(text);
            default -> throw new Rejection(415, "unsupported_media_type",
                    "publish with application/x-www-form-urlencoded or application/json", null);
        };
    }

    static Map<String, String> form(String text) {
        var fields = new HashMap<String, String>();
        if (text.isEmpty()) {
            return fields;
        }
        for (var pair : text.split("&", -1)) {
            int equals = pair.indexOf('=');
            try {
                var name = URLDecoder.decode(equals < 0 ? pair : pair.substring(0, equals), StandardCharsets.UTF_8);
                var value = equals < 0 ? "" : URLDecoder.decode(pair.substring(equals + 1), StandardCharsets.UTF_8);
                put(fields, name, value);
            } catch (IllegalArgumentException e) {
                throw Rejection.badRequest("invalid_body", "the form is not valid URL encoding: " + e.getMessage());
            }
        }
        return fields;
    }

    static Map<String, String> json(String text) {
        JsonObject object;
        try (var reader = Json.createReader(new StringReader(text))) {
            object = reader.readObject();
        } catch (JsonException | IllegalStateException e) {
            throw Rejection.badRequest("invalid_body", "the body is not a JSON object");
        }
        var fields = new HashMap<String, String>();
        for (var entry : object.entrySet()) {
            var value = entry.getValue();
            if (value.getValueType() == JsonValue.ValueType.NULL) {
                continue;
            }
            if (value instanceof JsonString string) {
                put(fields, entry.getKey(), string.getString());
            } else if ("data".equals(entry.getKey())) {
                put(fields, entry.getKey(), value.toString());
            } else {
                throw Rejection.badRequest("invalid_body", "'" + entry.getKey() + "' must be a string");
            }
        }
        return fields;
    }

    private static void put(Map<String, String> fields, String name, String value) {
        if (!FIELDS.contains(name)) {
            throw Rejection.badRequest("invalid_body", "unknown field '" + name + "': use topic, event and data");
        }
        if (fields.put(name, value) != null) {
            throw Rejection.badRequest("invalid_body", "field '" + name + "' is given twice");
        }
    }

    private static String mediaType(String contentType) {
        if (contentType == null) {
            return "";
        }
        int semicolon = contentType.indexOf(';');
        return (semicolon < 0 ? contentType : contentType.substring(0, semicolon)).trim().toLowerCase(Locale.ROOT);
    }

    private static byte[] readBounded(InputStream body, int limit) {
        var out = new ByteArrayOutputStream(Math.min(limit, 8192));
        var buffer = new byte[8192];
        try {
            int n;
            while ((n = body.read(buffer)) >= 0) {
                if (out.size() + n > limit) {
                    throw tooLarge(limit);
                }
                out.write(buffer, 0, n);
            }
        } catch (IOException e) {
            throw Rejection.badRequest("invalid_body", "the body could not be read");
        }
        return out.toByteArray();
    }

    private static String utf8(byte[] bytes) {
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes))
                    .toString();
        } catch (CharacterCodingException e) {
            throw Rejection.badRequest("invalid_body", "the body is not UTF-8");
        }
    }

    private static Rejection tooLarge(int limit) {
        return new Rejection(413, "payload_too_large", "a published body is at most " + limit + " bytes", null);
    }
}
