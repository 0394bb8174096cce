package herald.history.control;

import herald.event.entity.EventId;
import io.lettuce.core.api.sync.RedisCommands;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** What {@code XINFO STREAM} tells of the stream: its plain fields, none for a stream that does not exist yet. */
record StreamInfo(Map<String, String> fields) {

    static StreamInfo of(RedisCommands<String, String> redis, String key) {
        var fields = new HashMap<String, String>();
        if (redis.exists(key) == 0) {
            return new StreamInfo(fields);
        }
        var list = redis.xinfoStream(key);
        for (int i = 0; i + 1 < list.size(); i += 2) {
            if (!(list.get(i + 1) instanceof List)) {
                fields.put(String.valueOf(list.get(i)), String.valueOf(list.get(i + 1)));
            }
        }
        return new StreamInfo(fields);
    }

    /** The newest id Redis ever gave in this stream (also when its entry is trimmed); 0-0 for none. */
    EventId lastGenerated() {
        return EventId.parse(fields.getOrDefault("last-generated-id", "0-0"));
    }

    /**
     * Whether entries after {@code after} may have been trimmed. Redis does not record the last id a trim removed
     * (its {@code max-deleted-entry-id} counts XDEL only), but it counts the entries ever added: when that exceeds
     * the length, entries before the first kept one are gone, and a client whose id is older than that first
     * entry may have missed some. (A client whose id is exactly the last one trimmed is told so too, needlessly;
     * the replay it gets is the same.)
     */
    boolean trimmedAfter(EventId after) {
        long length = Long.parseLong(fields.getOrDefault("length", "0"));
        long added = Long.parseLong(fields.getOrDefault("entries-added", "0"));
        if (added <= length) {
            return false;
        }
        var firstKept = length == 0 ? fields.get("last-generated-id") : fields.get("recorded-first-entry-id");
        return firstKept != null && EventId.parse(firstKept).isAfter(after);
    }
}
