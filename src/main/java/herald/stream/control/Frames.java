package herald.stream.control;

import herald.event.entity.Event;
import herald.event.entity.EventId;
import herald.ticker.control.Dates;
import jakarta.json.Json;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.sse.OutboundSseEvent;
import jakarta.ws.rs.sse.Sse;

import java.time.Duration;
import java.time.Instant;

/**
 * Turns Herald's events into what the Jakarta REST implementation writes. The wire format,
 * for every implementation (fields in this order, each event ended by a blank line):
 * <pre>
 * event: connecttime            the greeting, first on every stream
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

    public static final String CONNECT_TIME = "connecttime";
    public static final String TRUNCATED = "history-truncated";

    private final Sse sse;

    public Frames(Sse sse) {
        this.sse = sse;
    }

    public Frame greeting(Instant connected, Duration retry) {
        return new Frame(null, sse.newEventBuilder()
                .name(CONNECT_TIME)
                .reconnectDelay(retry.toMillis())
                .mediaType(MediaType.TEXT_PLAIN_TYPE)
                .data(String.class, Dates.format(connected))
                .build(), false);
    }

    public Frame event(Event event) {
        OutboundSseEvent.Builder builder = sse.newEventBuilder()
                .mediaType(MediaType.TEXT_PLAIN_TYPE)
                .data(String.class, event.data());
        if (event.type() != null) {
            builder.name(event.type());
        }
        if (event.id() != null) {
            builder.id(event.id().toString());
        }
        return new Frame(event.id(), builder.build(), event.id() != null);
    }

    public Frame date(Instant now) {
        return new Frame(null, sse.newEventBuilder()
                .mediaType(MediaType.TEXT_PLAIN_TYPE)
                .data(String.class, Dates.format(now))
                .build(), false);
    }

    /** Tells a resuming client that events after its id may be gone, before the replay of what is left. */
    public Frame truncated(EventId lastEventId) {
        var data = Json.createObjectBuilder().add("lastEventId", lastEventId.toString()).build().toString();
        return new Frame(null, sse.newEventBuilder()
                .name(TRUNCATED)
                .mediaType(MediaType.TEXT_PLAIN_TYPE)
                .data(String.class, data)
                .build(), false);
    }

    /** A comment line: keeps proxies from closing an idle stream, and finds clients that have gone. */
    public Frame heartbeat() {
        return new Frame(null, sse.newEventBuilder().comment("heartbeat").build(), false);
    }
}
