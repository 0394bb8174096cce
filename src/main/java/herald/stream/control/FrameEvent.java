package herald.stream.control;

import herald.event.entity.Topic;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.sse.OutboundSseEvent;

import java.lang.reflect.Type;

/**
 * A {@link Frame} as a Jakarta REST {@link OutboundSseEvent}: what {@link Broadcast} hands its
 * {@code SseBroadcaster}, and what {@link SinkOutput} hands the platform's {@code SseEventSink}. A
 * platform that formats events itself (RESTEasy) reads the fields; Jersey writes {@link #frame()}'s bytes
 * as they are, through {@code FrameEventWriter}. Immutable.
 *
 * @param topic the topic it was sent to, or null for every stream (heartbeats)
 * @param frame what to write
 */
public record FrameEvent(Topic topic, Frame frame) implements OutboundSseEvent {

    /** Whether a stream of these topics is to get it. */
    public boolean reaches(java.util.Set<Topic> topics) {
        return topic == null || topics.contains(topic);
    }

    @Override
    public String getId() {
        return frame.idField();
    }

    @Override
    public String getName() {
        return frame.name();
    }

    @Override
    public String getComment() {
        return frame.comment();
    }

    @Override
    public long getReconnectDelay() {
        return frame.retryMillis();
    }

    @Override
    public boolean isReconnectDelaySet() {
        return frame.retryMillis() != Frame.NO_RETRY;
    }

    /** {@code String} for an event; null for a comment, which both platforms then write with no data field. */
    @Override
    public Class<?> getType() {
        return frame.data() == null ? null : String.class;
    }

    @Override
    public Type getGenericType() {
        return getType();
    }

    @Override
    public MediaType getMediaType() {
        return MediaType.TEXT_PLAIN_TYPE;
    }

    @Override
    public Object getData() {
        return frame.data();
    }
}
