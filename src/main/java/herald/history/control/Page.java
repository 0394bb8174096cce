package herald.history.control;

import herald.event.entity.Event;
import herald.event.entity.EventId;

import java.util.List;

/**
 * One page of a {@link Replay}.
 *
 * @param stored    kept events of the stream's topics after the previous page (or the client's id), oldest first
 * @param truncated true when events between the previous page (or the client's id) and these may be gone: the
 *                  history no longer reaches back that far, or the id is newer than any the store has given
 * @param upTo      the id the whole replay goes up to, on every page; null when the client's id is unknown to the
 *                  store (an instance restarted after its clock stepped back, instances that share no store, a
 *                  made-up id): where the client is cannot be known, so it gets every live event that comes
 * @param last      true on the replay's last page
 */
public record Page(List<Stored> stored, boolean truncated, EventId upTo, boolean last) {

    public Page {
        stored = List.copyOf(stored);
    }

    /** A page of events read afresh (nothing to share them with). */
    public static Page of(List<Event> events, boolean truncated, EventId upTo, boolean last) {
        return new Page(events.stream().map(Stored::new).toList(), truncated, upTo, last);
    }

    public List<Event> events() {
        return stored.stream().map(Stored::event).toList();
    }

    /** The one page of a replay from an id newer than any the store has given. */
    public static Page ofUnknown() {
        return new Page(List.of(), true, null, true);
    }

    public boolean unknown() {
        return upTo == null;
    }
}
