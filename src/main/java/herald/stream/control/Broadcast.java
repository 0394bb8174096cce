package herald.stream.control;

import herald.event.entity.Topic;
import jakarta.ws.rs.sse.Sse;
import jakarta.ws.rs.sse.SseBroadcaster;

/**
 * The Jakarta REST shape's fan-out: one {@link SseBroadcaster} for the application, made by
 * {@link Sse#newBroadcaster()} with the first stream's {@code Sse} (the platform hands it out only to a
 * request). Each stream registers its {@link StreamSink}; every frame, ticks, published events and
 * heartbeats alike, is broadcast as a {@link FrameEvent}, and each sink keeps what is for its topics.
 *
 * <p>A broadcaster cannot unregister a sink: a stream that has ended is dropped by the broadcaster at
 * the next broadcast, when its sink refuses the event (see {@link StreamSink}). Ticks every second and
 * heartbeats to all keep that prompt. Thread safe.
 */
public final class Broadcast implements Fanout {

    private final System.Logger log = System.getLogger(Broadcast.class.getName());
    private volatile SseBroadcaster broadcaster;

    /** Makes the broadcaster from the first {@code Sse} it is given; later calls change nothing. */
    public void attach(Sse sse) {
        if (broadcaster == null) {
            synchronized (this) {
                if (broadcaster == null) {
                    broadcaster = sse.newBroadcaster();
                }
            }
        }
    }

    @Override
    public void add(Subscriber subscriber) {
        var current = broadcaster;
        if (current == null) {
            throw new IllegalStateException("no Sse attached: streams are opened through the stream resource");
        }
        current.register(new StreamSink(subscriber));
    }

    @Override
    public void remove(Subscriber subscriber) {
        // dropped at the next broadcast, when its sink refuses the event
    }

    @Override
    public void send(Topic topic, Frame frame) {
        var current = broadcaster;
        if (current == null) {
            return; // no stream has been opened yet
        }
        try {
            current.broadcast(new FrameEvent(topic, frame));
        } catch (RuntimeException e) {
            // One stream's failure is the broadcaster's to handle, never the publisher's.
            log.log(System.Logger.Level.WARNING, "broadcast failed", e);
        }
    }

    @Override
    public void close() {
        var current = broadcaster;
        if (current != null) {
            current.close();
        }
    }
}
