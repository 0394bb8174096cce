package herald.stream.control;

import herald.ticker.control.Dates;
import jakarta.ws.rs.sse.OutboundSseEvent;
import jakarta.ws.rs.sse.Sse;
import jakarta.ws.rs.sse.SseBroadcaster;
import jakarta.ws.rs.sse.SseEventSink;

import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The connected clients: each stream's sink is registered with one application-wide
 * {@link SseBroadcaster}.
 *
 * <p>The broadcaster is made from the {@link Sse} of the first request that subscribes, since
 * Jakarta REST hands out {@code Sse} only to resources. Neither Jersey nor RESTEasy says when a
 * client goes away until a write to it fails, so the count is kept by dropping closed sinks on
 * every tick, and on the broadcaster's error and close callbacks.
 *
 * <p>Thread safe.
 */
public final class Subscribers implements AutoCloseable {

    /** How long a browser waits before it reconnects, as the tutorial's {@code retry: 10000}. */
    public static final Duration RETRY = Duration.ofSeconds(10);

    private final Set<SseEventSink> sinks = ConcurrentHashMap.newKeySet();
    private volatile Delivery delivery;

    private record Delivery(Sse sse, SseBroadcaster broadcaster) {
    }

    /** Greets a new client with its connect time and the current date, then keeps it for the ticks. */
    public void register(Sse sse, SseEventSink sink, Instant now) {
        sink.send(sse.newEventBuilder()
                .name("connecttime")
                .reconnectDelay(RETRY.toMillis())
                .data(Dates.format(now))
                .build());
        sink.send(date(sse, now));
        deliveryFor(sse).broadcaster().register(sink);
        sinks.add(sink);
    }

    public void broadcastTick(Instant now) {
        prune();
        var current = delivery;
        if (current != null && !sinks.isEmpty()) {
            current.broadcaster().broadcast(date(current.sse(), now));
        }
    }

    /** Open streams. */
    public int count() {
        prune();
        return sinks.size();
    }

    private static OutboundSseEvent date(Sse sse, Instant now) {
        return sse.newEvent(Dates.format(now));
    }

    private Delivery deliveryFor(Sse sse) {
        var current = delivery;
        if (current != null) {
            return current;
        }
        synchronized (this) {
            if (delivery == null) {
                var broadcaster = sse.newBroadcaster();
                broadcaster.onClose(sinks::remove);
                broadcaster.onError((sink, error) -> {
                    sinks.remove(sink);
                    sink.close();
                });
                delivery = new Delivery(sse, broadcaster);
            }
            return delivery;
        }
    }

    private void prune() {
        sinks.removeIf(SseEventSink::isClosed);
    }

    @Override
    public void close() {
        var current = delivery;
        if (current != null) {
            current.broadcaster().close();
        }
        sinks.forEach(SseEventSink::close);
        sinks.clear();
    }
}
