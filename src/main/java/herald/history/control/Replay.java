package herald.history.control;

import herald.event.entity.Event;

import java.util.List;

/**
 * What a resuming stream missed.
 *
 * @param events    the kept events after its last id, oldest first
 * @param truncated true when the history no longer reaches back to its last id, so events may be missing
 */
public record Replay(List<Event> events, boolean truncated) {

    public Replay {
        events = List.copyOf(events);
    }
}
