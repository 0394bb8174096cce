package herald.stream.control;

import java.nio.charset.StandardCharsets;
import java.util.regex.Pattern;

/**
 * The bytes of one event on the wire, made once per broadcast and written as they are to every
 * stream. Fields come in the order {@code event}, {@code id}, {@code retry}, {@code data}; every
 * line of the data, empty ones included, becomes its own {@code data:} line, whatever its line
 * break (CR, LF or CRLF), so no text can start a field or an event of its own; a blank line ends
 * the event. Values are UTF-8.
 */
public final class SseFormat {

    private static final Pattern LINE_BREAK = Pattern.compile("\r\n|\r|\n");

    private SseFormat() {
    }

    /**
     * @param type      the {@code event:} name, or null for an unnamed event
     * @param id        the {@code id:}, or null
     * @param retryMillis the {@code retry:}, or a negative number for none
     * @param data      the data, never null
     */
    public static byte[] event(String type, String id, long retryMillis, String data) {
        var text = new StringBuilder(data.length() + 64);
        if (type != null) {
            requireOneLine("event", type);
            text.append("event: ").append(type).append('\n');
        }
        if (id != null) {
            requireOneLine("id", id);
            text.append("id: ").append(id).append('\n');
        }
        if (retryMillis >= 0) {
            text.append("retry: ").append(retryMillis).append('\n');
        }
        if (isOneLine(data)) {
            // one line, as dates and most events are: no pattern to run for each stream's greeting
            text.append("data: ").append(data).append('\n');
        } else {
            for (var line : LINE_BREAK.split(data, -1)) {
                text.append("data: ").append(line).append('\n');
            }
        }
        return text.append('\n').toString().getBytes(StandardCharsets.UTF_8);
    }

    /** A comment: every client ignores it, every proxy sees traffic. */
    public static byte[] comment(String text) {
        requireOneLine("comment", text);
        return (": " + text + "\n\n").getBytes(StandardCharsets.UTF_8);
    }

    private static void requireOneLine(String field, String value) {
        if (!isOneLine(value)) {
            throw new IllegalArgumentException("a " + field + " cannot hold a line break");
        }
    }

    private static boolean isOneLine(String value) {
        return value.indexOf('\n') < 0 && value.indexOf('\r') < 0;
    }
}
