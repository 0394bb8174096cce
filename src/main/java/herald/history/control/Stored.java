package herald.history.control;

import herald.event.entity.Event;

import java.util.function.Function;

/**
 * A kept event as a replay hands it out, with room for the one wire form the streams make of it: made by the
 * first stream that replays it, and shared by every other (a thousand clients resuming after a restart cost one
 * encoding per event, not a thousand). The memory store hands out the same instance for as long as it keeps the
 * event; the Redis store a new one per page. Thread safe: two streams that race may both make the form, and
 * either one is kept; the forms are equal.
 */
public final class Stored {

    private final Event event;
    private volatile Object form;

    public Stored(Event event) {
        this.event = event;
    }

    public Event event() {
        return event;
    }

    /**
     * The wire form made by {@code make}, made once. Every caller must pass a function that makes the same type
     * (Herald's streams are the only caller).
     */
    @SuppressWarnings("unchecked")
    public <T> T form(Function<Event, T> make) {
        var made = form;
        if (made == null) {
            made = make.apply(event);
            form = made;
        }
        return (T) made;
    }
}
