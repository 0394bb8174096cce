package herald.stream.control;

import herald.event.entity.Topic;
import jakarta.ws.rs.sse.Sse;
import jakarta.ws.rs.sse.SseBroadcaster;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The Jakarta REST shape's fan-out: the application's {@link SseBroadcaster}s, made by {@link Sse#newBroadcaster()}
 * with the first stream's {@code Sse} (the platform hands it out only to a request). Each stream registers its
 * {@link StreamSink} with one of them; every frame, ticks, published events and heartbeats alike, is broadcast as a
 * {@link FrameEvent} through each, and each sink keeps what is for its topics.
 *
 * <p>Why {@value #SHARDS} broadcasters and not one: Jersey's broadcaster is a {@code SubmissionPublisher}, whose
 * {@code subscribe} walks every subscriber it has (looking for the same one twice) under its lock, so opening n
 * streams on one broadcaster costs n²/2 steps, one connect at a time: in a burst of 10,000 connects, half of the
 * server's CPU samples were in that walk. Spread over {@value #SHARDS}, each walk is that much shorter, while a
 * broadcast still reaches every stream once, in the order frames are sent (a stream is in one broadcaster only). What
 * each event pays for each broadcaster, whether it has streams or not, is a lock and a look at its list: 64 still left
 * 3% of such a burst's samples in the walk, 1,024 made every event cost a thousand broadcasts (BENCHMARKS.md run 23).
 *
 * <p>A broadcaster cannot unregister a sink: a stream that has ended is dropped by its broadcaster at the next
 * broadcast, when its sink refuses the event (see {@link StreamSink}). Ticks every second and heartbeats to all keep
 * that prompt. Thread safe.
 */
public final class Broadcast implements Fanout {

    static final int SHARDS = 256;

    private final System.Logger log = System.getLogger(Broadcast.class.getName());
    private final AtomicInteger next = new AtomicInteger();
    private volatile List<SseBroadcaster> broadcasters;

    /** Makes the broadcasters from the first {@code Sse} it is given; later calls change nothing. */
    public void attach(Sse sse) {
        if (broadcasters == null) {
            synchronized (this) {
                if (broadcasters == null) {
                    var made = new ArrayList<SseBroadcaster>(SHARDS);
                    for (int i = 0; i < SHARDS; i++) {
                        made.add(sse.newBroadcaster());
                    }
                    broadcasters = List.copyOf(made);
                }
            }
        }
    }

    @Override
    public void add(Subscriber subscriber) {
        var current = broadcasters;
        if (current == null) {
            throw new IllegalStateException("no Sse attached: streams are opened through the stream resource");
        }
        current.get(Math.floorMod(next.getAndIncrement(), SHARDS)).register(new StreamSink(subscriber));
    }

    @Override
    public void remove(Subscriber subscriber) {
        // dropped at the next broadcast, when its sink refuses the event
    }

    @Override
    public void send(Topic topic, Frame frame) {
        var current = broadcasters;
        if (current == null) {
            return; // no stream has been opened yet
        }
        var event = new FrameEvent(topic, frame);
        for (var broadcaster : current) {
            try {
                broadcaster.broadcast(event);
            } catch (RuntimeException e) {
                // One stream's failure is the broadcaster's to handle, never the publisher's, nor the other shards'.
                log.log(System.Logger.Level.WARNING, "broadcast failed", e);
            }
        }
    }

    @Override
    public void close() {
        var current = broadcasters;
        if (current != null) {
            current.forEach(SseBroadcaster::close);
        }
    }
}
