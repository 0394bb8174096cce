package herald.stream.control;

import herald.event.entity.EventId;
import herald.event.entity.Topic;
import jakarta.ws.rs.sse.SseEventSink;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BiConsumer;

/**
 * One open stream: its topics, and a bounded queue of frames that one task at a time writes to its
 * sink, so that writes to a stream never overlap and a slow stream holds up no other.
 *
 * <p>A stream starts out holding: live frames offered while its replay is read are kept aside,
 * then {@link #start} writes the greeting and the replay first and the held frames after, skipping
 * those the replay already had. Registered before its replay is read, it misses nothing; de-duplicated
 * by id, it gets nothing twice.
 *
 * <p>A stream whose backlog passes {@code maxBacklog} frames is closed as {@link DropReason#SLOW}
 * rather than let it grow memory or delay others; it can reconnect and resume with its last id.
 *
 * <p>Thread safe: offers come from publishing threads, the ticker and the heartbeat at once.
 */
public final class Subscriber {

    /** Frames written in one go before the task yields its thread to other streams. */
    private static final int BATCH = 64;

    private final SseEventSink sink;
    private final Set<Topic> topics;
    private final Executor executor;
    private final int maxBacklog;
    private final Duration writeTimeout;
    private final BiConsumer<Subscriber, DropReason> onClose;
    private final Runnable onDelivered;

    private final ArrayDeque<Frame> queue = new ArrayDeque<>();
    private List<Frame> held = new ArrayList<>();
    private boolean draining;
    private boolean closed;

    Subscriber(SseEventSink sink, Set<Topic> topics, Executor executor, int maxBacklog, Duration writeTimeout,
               BiConsumer<Subscriber, DropReason> onClose, Runnable onDelivered) {
        this.sink = sink;
        this.topics = Set.copyOf(topics);
        this.executor = executor;
        this.maxBacklog = maxBacklog;
        this.writeTimeout = writeTimeout;
        this.onClose = onClose;
        this.onDelivered = onDelivered;
    }

    public Set<Topic> topics() {
        return topics;
    }

    /** Queues a frame, or holds it while the replay is not yet written. Never blocks on the client. */
    public void offer(Frame frame) {
        boolean overflow;
        synchronized (this) {
            if (closed) {
                return;
            }
            if (held != null) {
                held.add(frame);
                overflow = held.size() > maxBacklog;
            } else {
                queue.addLast(frame);
                overflow = queue.size() > maxBacklog;
                if (!overflow) {
                    scheduleLocked();
                }
            }
        }
        if (overflow) {
            close(DropReason.SLOW);
        }
    }

    /**
     * Ends holding: writes {@code first} (greeting, replay), then what was held, leaving out held
     * events whose id is not after {@code replayedUpTo}, the last id the replay had.
     */
    void start(List<Frame> first, EventId replayedUpTo) {
        synchronized (this) {
            if (closed) {
                return;
            }
            queue.addAll(first);
            for (var frame : held) {
                if (frame.id() == null || replayedUpTo == null || frame.id().isAfter(replayedUpTo)) {
                    queue.addLast(frame);
                }
            }
            held = null;
            scheduleLocked();
        }
    }

    public void close(DropReason reason) {
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            queue.clear();
            held = null;
        }
        onClose.accept(this, reason);
        // Closing can wait on a write in progress (Jersey locks the sink while it writes): not on the caller's thread,
        // unless the delivery threads are already stopping.
        try {
            executor.execute(this::closeSink);
        } catch (RejectedExecutionException stopping) {
            closeSink();
        }
    }

    private void closeSink() {
        try {
            sink.close();
        } catch (RuntimeException ignored) {
            // already gone
        }
    }

    public synchronized boolean isClosed() {
        return closed;
    }

    private void scheduleLocked() {
        if (!draining && !queue.isEmpty()) {
            draining = true;
            executor.execute(this::drain);
        }
    }

    private void drain() {
        for (int written = 0; written < BATCH; written++) {
            Frame frame;
            synchronized (this) {
                frame = closed ? null : queue.pollFirst();
                if (frame == null) {
                    draining = false;
                    return;
                }
            }
            var failure = write(frame);
            if (failure != null) {
                close(failure);
                return;
            }
        }
        synchronized (this) {
            draining = false;
            scheduleLocked();
        }
    }

    /** Writes one frame and waits until the implementation is done with it; the reason to drop the stream, or null. */
    private DropReason write(Frame frame) {
        if (sink.isClosed()) {
            return DropReason.GONE;
        }
        try {
            // Jersey writes inside send(); RESTEasy may complete later. Either way, one frame at a time.
            sink.send(frame.outbound()).toCompletableFuture().get(writeTimeout.toMillis(), TimeUnit.MILLISECONDS);
            if (frame.published()) {
                onDelivered.run();
            }
            return null;
        } catch (TimeoutException e) {
            return DropReason.SLOW;
        } catch (ExecutionException | RuntimeException e) {
            return DropReason.GONE;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return DropReason.SHUTDOWN;
        }
    }
}
