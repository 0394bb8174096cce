package herald.publish.control;

import herald.base.Rejection;
import jakarta.json.Json;
import jakarta.json.JsonException;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import jakarta.json.stream.JsonParser;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The body of a publish request, read with a bound and parsed into a {@link Publication} (its fields {@code topic},
 * {@code event}, {@code data} and {@code private}): from {@code application/x-www-form-urlencoded} or from a JSON object.
 * In JSON, {@code data} may be any value; one that is not a string is published as its JSON text.
 */
public final class PublishBody {

    static final Set<String> FIELDS = Set.of("topic", "event", "data", "private");
    /** Deepest JSON nesting taken: data is an event's payload, not a document store. */
    static final int MAX_DEPTH = 32;
    /** Largest scale and number of digits of a JSON number taken. */
    static final int MAX_SCALE = 1000;

    private PublishBody() {
    }

    /**
     * Reads at most {@code limit} bytes: a declared length over it is refused before any byte is read,
     * an undeclared one as soon as the limit is passed.
     */
    public static Publication read(String contentType, long contentLength, InputStream body, int limit) {
        if (contentLength > limit) {
            throw tooLarge(limit);
        }
        var kind = mediaType(contentType);
        var text = utf8(readBounded(body, limit));
        return Publication.of(switch (kind) {
            case "application/x-www-form-urlencoded" -> form(text);
            case "application/json" -> json(text);
            default -> throw new Rejection(415, "unsupported_media_type",
                    "publish with application/x-www-form-urlencoded or application/json", null);
        });
    }

    static Map<String, String> form(String text) {
        var fields = new HashMap<String, String>();
        if (text.isEmpty()) {
            return fields;
        }
        for (var pair : text.split("&", -1)) {
            int equals = pair.indexOf('=');
            var name = decodeFormPart(equals < 0 ? pair : pair.substring(0, equals));
            var value = equals < 0 ? "" : decodeFormPart(pair.substring(equals + 1));
            put(fields, name, value);
        }
        return fields;
    }

    /**
     * Percent-decodes one name or value of a form, strictly: what the escapes spell must be UTF-8. (The JDK's
     * {@code URLDecoder} would turn invalid bytes into U+FFFD without a word, so the event would carry text
     * nobody sent.)
     */
    private static String decodeFormPart(String part) {
        var bytes = new ByteArrayOutputStream(part.length());
        for (int i = 0; i < part.length(); i++) {
            char c = part.charAt(i);
            if (c == '+') {
                bytes.write(' ');
            } else if (c == '%') {
                int high = i + 2 < part.length() ? Character.digit(part.charAt(i + 1), 16) : -1;
                int low = high < 0 ? -1 : Character.digit(part.charAt(i + 2), 16);
                if (low < 0) {
                    throw Rejection.badRequest("invalid_body", "the form is not valid URL encoding near '"
                            + part.substring(i, Math.min(part.length(), i + 3)) + "'");
                }
                bytes.write(high << 4 | low);
                i += 2;
            } else if (c < 0x80) {
                // ASCII is its own byte in UTF-8. Encoding each character as a string of its own cost a form about 35
                // times its size in garbage (for 6,000-byte events, a fifth of what the server allocated while it
                // delivered them to 2,000 clients: BENCHMARKS.md run 30).
                bytes.write(c);
            } else {
                var plain = String.valueOf(c);
                if (Character.isHighSurrogate(c) && i + 1 < part.length()) {
                    plain = part.substring(i, i + 2);
                    i++;
                }
                bytes.writeBytes(plain.getBytes(StandardCharsets.UTF_8));
            }
        }
        try {
            return strictUtf8(bytes.toByteArray());
        } catch (CharacterCodingException e) {
            throw Rejection.badRequest("invalid_body", "the form's escapes are not UTF-8");
        }
    }

    static Map<String, String> json(String text) {
        check(text);
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
            if (value instanceof JsonString string && !"private".equals(entry.getKey())) {
                put(fields, entry.getKey(), string.getString());
            } else if ("private".equals(entry.getKey()) && (value == JsonValue.TRUE || value == JsonValue.FALSE)) {
                put(fields, entry.getKey(), value.toString());
            } else if ("private".equals(entry.getKey())) {
                throw Rejection.badRequest("invalid_body", "'private' must be true or false");
            } else if ("data".equals(entry.getKey())) {
                put(fields, entry.getKey(), value.toString());
            } else {
                throw Rejection.badRequest("invalid_body", "'" + entry.getKey() + "' must be a string");
            }
        }
        return fields;
    }

    /**
     * What the JSON reader would take or turn silently into something else, refused with a 400 before it reads:
     * nesting deeper than {@value #MAX_DEPTH} (the reader recurses, and past its own limit it fails with an
     * error that is not a bad request), a key given twice in one object (the reader keeps one of them, so what
     * is published would not be what was sent), a number out of any sane range, and a string with a lone
     * surrogate (which no UTF-8 stream can carry: it would reach clients as '?').
     */
    private static void check(String text) {
        var keys = new ArrayDeque<Set<String>>();
        int depth = 0;
        try (var parser = Json.createParser(new StringReader(text))) {
            while (parser.hasNext()) {
                switch (parser.next()) {
                    case START_OBJECT, START_ARRAY -> {
                        if (++depth > MAX_DEPTH) {
                            throw Rejection.badRequest("invalid_body", "JSON nested deeper than " + MAX_DEPTH);
                        }
                        keys.push(parser.currentEvent() == JsonParser.Event.START_OBJECT ? new HashSet<>() : Set.of());
                    }
                    case END_OBJECT, END_ARRAY -> {
                        depth--;
                        keys.pop();
                    }
                    case KEY_NAME -> {
                        var key = wellFormed(parser.getString());
                        if (!keys.peek().add(key)) {
                            throw Rejection.badRequest("invalid_body", "key '" + key + "' is given twice in one object");
                        }
                    }
                    case VALUE_STRING -> wellFormed(parser.getString());
                    case VALUE_NUMBER -> {
                        var number = parser.getBigDecimal();
                        if (Math.abs((long) number.scale()) > MAX_SCALE || number.precision() > MAX_SCALE) {
                            throw Rejection.badRequest("invalid_body", "a JSON number out of range");
                        }
                    }
                    default -> {
                        // literals
                    }
                }
            }
        } catch (UnsupportedOperationException | ArithmeticException | NumberFormatException e) {
            // Parsson refuses numbers of more than 1,100 characters this way: out of range, not a server error.
            throw Rejection.badRequest("invalid_body", "a JSON number out of range");
        } catch (JsonException | IllegalStateException e) {
            throw Rejection.badRequest("invalid_body", "the body is not a JSON object");
        }
    }

    private static String wellFormed(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                throw Rejection.badRequest("invalid_body", "a JSON string holds a lone surrogate (\\u"
                        + Integer.toHexString(c) + "), which is not text");
            }
        }
        return text;
    }

    private static void put(Map<String, String> fields, String name, String value) {
        if (!FIELDS.contains(name)) {
            throw Rejection.badRequest("invalid_body", "unknown field '" + name + "': use topic, event, data and private");
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
            return strictUtf8(bytes);
        } catch (CharacterCodingException e) {
            throw Rejection.badRequest("invalid_body", "the body is not UTF-8");
        }
    }

    private static String strictUtf8(byte[] bytes) throws CharacterCodingException {
        return StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT)
                .decode(ByteBuffer.wrap(bytes))
                .toString();
    }

    private static Rejection tooLarge(int limit) {
        return new Rejection(413, "payload_too_large", "a published body is at most " + limit + " bytes", null);
    }
}
