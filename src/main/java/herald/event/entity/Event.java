package herald.event.entity;

import java.util.regex.Pattern;

/**
 * One event as it goes on the wire. Immutable, and valid once made: the type cannot break out of
 * its {@code event:} line, and the data's line breaks are all {@code \n}, so that every client sees
 * the same text and no payload can start a field or an event of its own.
 *
 * @param id    the store's id; {@code null} for events that are not kept (ticks, greetings)
 * @param topic where it was published
 * @param type  the {@code event:} name; {@code null} for an unnamed event ({@code message} in a browser)
 * @param data  any text, line breaks normalised to {@code \n}
 * @param isPrivate whether only streams whose token covers its topic may have it (published with
 *                  {@code "private": true}, or to a topic of {@code herald.topics.private})
 */
public record Event(EventId id, Topic topic, String type, String data, boolean isPrivate) {

    /** The greeting every stream opens with: Herald's own, never published. */
    public static final String CONNECT_TIME = "connecttime";
    /** Told to a resuming stream when its history is gone: Herald's own, never published. */
    public static final String TRUNCATED = "history-truncated";

    private static final Pattern LINE_BREAK = Pattern.compile("\r\n|\r");

    /**
     * Whether an event name is one of Herald's own. A publisher cannot use them: a page trusts a
     * {@code connecttime} or a {@code history-truncated} to come from Herald (it reloads its state on the latter).
     */
    public static boolean reserved(String type) {
        return CONNECT_TIME.equals(type) || TRUNCATED.equals(type);
    }

    public Event {
        if (topic == null) {
            throw new InvalidEvent("invalid_topic", "an event needs a topic");
        }
        if (type != null && (type.isEmpty() || type.length() > 64
                || type.indexOf('\r') >= 0 || type.indexOf('\n') >= 0 || type.indexOf(':') >= 0)) {
            throw new InvalidEvent("invalid_event",
                    "an event name is 1 to 64 characters without CR, LF or ':'");
        }
        if (data == null) {
            throw new InvalidEvent("invalid_data", "an event needs data (it may be empty)");
        }
        data = LINE_BREAK.matcher(data).replaceAll("\n");
    }

    /** A public event. */
    public Event(EventId id, Topic topic, String type, String data) {
        this(id, topic, type, data, false);
    }

    public Event withId(EventId newId) {
        return new Event(newId, topic, type, data, isPrivate);
    }
}
