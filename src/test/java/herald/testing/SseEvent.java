package herald.testing;

import java.time.Instant;

/** An event as a browser's EventSource would dispatch it, and when it arrived. */
public record SseEvent(String type, String data, String lastEventId, Instant receivedAt) {
}
