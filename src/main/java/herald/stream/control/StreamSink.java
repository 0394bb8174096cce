package herald.stream.control;

import herald.metrics.entity.DropReason;
import jakarta.ws.rs.sse.OutboundSseEvent;
import jakarta.ws.rs.sse.SseEventSink;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Herald's own {@link SseEventSink} for one stream: what is registered with the {@code SseBroadcaster}
 * in place of the sink the platform injected. It wraps the stream's {@link Subscriber}, which holds live
 * events while the replay is written, keeps a bounded queue, and cuts off a client that makes no
 * progress; the subscriber writes to the injected sink through a {@link SinkOutput}, one send in flight.
 *
 * <p>{@link #send} only queues, and returns a completed stage at once: no client ever holds the
 * broadcaster (RESTEasy's sends to one sink after another; Jersey's delivers on the thread that
 * broadcasts, see {@code BroadcastOnCaller}). A broadcast to other topics is not for this stream and is
 * passed over. Once the stream has ended, {@code send} throws {@link IllegalStateException}, as a closed
 * sink does: both platforms then drop the sink from the broadcaster, which has no other way to
 * unregister one. Thread safe.
 */
public final class StreamSink implements SseEventSink {

    private static final CompletionStage<Void> DONE = CompletableFuture.completedFuture(null);

    private final Subscriber subscriber;

    public StreamSink(Subscriber subscriber) {
        this.subscriber = subscriber;
    }

    @Override
    public CompletionStage<?> send(OutboundSseEvent event) {
        if (subscriber.isClosed()) {
            throw new IllegalStateException("the stream has ended");
        }
        if (event instanceof FrameEvent frameEvent && frameEvent.reaches(subscriber.topics())) {
            subscriber.offer(frameEvent.frame());
        }
        return DONE;
    }

    @Override
    public boolean isClosed() {
        return subscriber.isClosed();
    }

    /** Called by a broadcaster that is closed, or that gave up on this sink: the stream ends. */
    @Override
    public void close() {
        subscriber.close(DropReason.GONE);
    }
}
