package herald.history.control;

import herald.event.entity.Event;

import java.util.List;

/**
 * What a resuming stream missed.
 *
 * @param events    the kept events after its last id, oldest first
 * @param truncated true when the history no longer reaches back to its last id, so events may be missing
 * @param unknown   true when its last id is newer than any the store has ever given (an instance restarted
 *                  after its clock stepped back, instances that share no store, a made-up id): where the
 *                  client is cannot be known, so it is told events may be missing, and gets what comes next
 */
public record Replay(List<Event> events, boolean truncated, boolean unknown) {

    public Replay {
        events = List.copyOf(events);
    }

    public Replay(List<Event> events, boolean truncated) {
        this(events, truncated, false);
    }

    /** For an id newer than any the store has. */
    public static Replay ofUnknown() {
        return new Replay(List.of(), true, true);
    }
}
