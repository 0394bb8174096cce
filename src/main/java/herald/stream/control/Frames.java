package herald.stream.control;

import herald.event.entity.Event;
import herald.event.entity.EventId;
import herald.ticker.control.Dates;
import jakarta.json.Json;

import java.time.Duration;
import java.time.Instant;

/**
 * Turns Herald's events into frames, their bytes made once ({@link SseFormat}) for every stream.
 * The wire format:
 * <pre>
 * event: connecttime            the greeting, first on every stream
 * id: 1731999999999-3           on a new stream: the newest event id, where it starts (none when resuming)
 * retry: 10000
 * data: 2026-11-23T19:21:09.123Z
 *
 * event: history-truncated      only when resuming from an id older than the history
 * data: {"lastEventId":"…"}
 *
 * event: &lt;type&gt;                 a published event; no event: line when it has no type
 * id: 1732000000000-0
 * data: line 1                  one data: line per line of the data
 * data: line 2
 *
 * data: 2026-11-23T19:21:10.000Z   a tick: unnamed, no id
 *
 * : heartbeat                   a comment, ignored by clients
 * </pre>
 */
public final class Frames {

    public static final String CONNECT_TIME = Event.CONNECT_TIME;
    public static final String TRUNCATED = Event.TRUNCATED;

    private static final Frame HEARTBEAT = Frame.comment("heartbeat");

    private Frames() {
    }

    /**
     * The greeting. A new stream's carries the id it starts after, so that the browser has a Last-Event-ID from
     * the start: a client that drops before any event reached it then still resumes without a gap. A resumed
     * stream's carries none, so the browser keeps its own until the replay moves it on.
     */
    public static Frame greeting(Instant connected, Duration retry, EventId startsAfter) {
        var id = startsAfter == null ? null : startsAfter.toString();
        return Frame.event(null, false, CONNECT_TIME, id, retry.toMillis(), Dates.format(connected));
    }

    public static Frame event(Event event) {
        var id = event.id() == null ? null : event.id().toString();
        var frame = Frame.event(event.id(), event.id() != null, event.type(), id, Frame.NO_RETRY, event.data());
        return event.isPrivate() ? frame.privateTo(event.topic()) : frame;
    }

    public static Frame date(Instant now) {
        return Frame.event(null, false, null, null, Frame.NO_RETRY, Dates.format(now));
    }

    /** Tells a resuming client that events after its id may be gone, before the replay of what is left. */
    public static Frame truncated(EventId lastEventId) {
        var data = Json.createObjectBuilder().add("lastEventId", lastEventId.toString()).build().toString();
        return Frame.event(null, false, TRUNCATED, null, Frame.NO_RETRY, data);
    }

    /** A comment line: keeps proxies from closing an idle stream, and finds clients that have gone. */
    public static Frame heartbeat() {
        return HEARTBEAT;
    }
}
