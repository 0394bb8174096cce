package herald.history.control;

import herald.event.entity.Event;
import herald.event.entity.EventId;
import herald.event.entity.InvalidEvent;
import herald.event.entity.Topic;
import io.lettuce.core.StreamMessage;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Herald's events as entries of the Redis stream: fields {@code topic}, {@code type} (absent for none),
 * {@code data}, and {@code private} ({@code 1}, absent for a public event); the entry's id is the event's.
 */
final class RedisEntry {

    private static final System.Logger LOG = System.getLogger(RedisEntry.class.getName());

    private RedisEntry() {
    }

    /** The fields of an event still without an id: Redis gives it one ({@code XADD *}). */
    static Map<String, String> fields(Event draft) {
        var fields = new LinkedHashMap<String, String>();
        fields.put("topic", draft.topic().name());
        if (draft.type() != null) {
            fields.put("type", draft.type());
        }
        fields.put("data", draft.data());
        if (draft.isPrivate()) {
            fields.put("private", "1");
        }
        return fields;
    }

    /** An entry as Herald wrote it; one written by something else is null, with a warning. */
    static Event event(StreamMessage<String, String> entry) {
        var body = entry.getBody();
        try {
            return new Event(EventId.parse(entry.getId()), new Topic(body.getOrDefault("topic", "")),
                    body.get("type"), body.getOrDefault("data", ""), "1".equals(body.get("private")));
        } catch (InvalidEvent e) {
            LOG.log(System.Logger.Level.WARNING, "entry " + entry.getId() + " is not a Herald event: " + e.getMessage());
            return null;
        }
    }
}
