package herald.stream.control;

import herald.event.entity.EventId;
import jakarta.ws.rs.sse.OutboundSseEvent;

/**
 * One thing to write to a stream, made once and shared by every stream it goes to.
 *
 * @param id        the event's id, or {@code null} for what is not kept (ticks, greetings, heartbeats)
 * @param outbound  what the Jakarta REST implementation writes
 * @param published whether it is a published event, counted as delivered once written
 */
public record Frame(EventId id, OutboundSseEvent outbound, boolean published) {
}
