package herald.stream.control;

import herald.event.entity.EventId;

/**
 * One thing to write to a stream, in its wire format ({@link SseFormat}), made once and shared by
 * every stream it goes to. The array is never changed after it is made.
 *
 * @param id        the event's id, or {@code null} for what is not kept (ticks, greetings, heartbeats)
 * @param bytes     what goes on the wire
 * @param published whether it is a published event, counted as delivered once written
 */
public record Frame(EventId id, byte[] bytes, boolean published) {
}
