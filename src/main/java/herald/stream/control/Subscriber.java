package herald.stream.control;

import herald.event.entity.EventId;
import herald.event.entity.Topic;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiConsumer;
import java.util.function.LongSupplier;

/**
 * One open stream: its topics, and a bounded queue of frames written to its {@link Output} without
 * ever blocking a thread. When the client does not take bytes as fast as they come, they wait in the
 * queue; once the queue passes {@code maxBacklog} frames, or the client has taken no byte for
 * {@code writeTimeout} while output waits for it, the stream is closed as {@link DropReason#SLOW}
 * rather than let it hold memory and a socket for ever; the client can reconnect and resume.
 * (The time rule is what catches a client that stopped reading while traffic is light: its few
 * frames sit in kernel buffers and never reach the backlog bound.)
 *
 * <p>A stream starts out holding: live frames offered while its replay is read are kept aside, then
 * {@link #start} queues the greeting and the replay first and the held frames after, leaving out
 * those the replay already had. Registered before its replay is read, it misses nothing;
 * de-duplicated by id, it gets nothing twice: events come in id order, so an event whose id is not
 * after the newest queued is one it has (a store whose listener runs behind its history, as Redis's
 * reader does, hands on live what a replay may already have held).
 *
 * <p>Thread safe. Frames are offered from publishing threads, the ticker and the heartbeat at once;
 * writing runs on the delivery executor, one task at a time per stream (a work-in-progress count
 * makes sure a wake-up that comes while a task is finishing is not lost).
 */
public final class Subscriber {

    private final Output output;
    private final Set<Topic> topics;
    private final Executor executor;
    private final int maxBacklog;
    private final long writeTimeoutNanos;
    private final LongSupplier nanoTime;
    private final BiConsumer<Subscriber, DropReason> onClose;
    private final Runnable onDelivered;
    private final AtomicInteger work = new AtomicInteger();

    // guarded by this
    private final ArrayDeque<Frame> queue = new ArrayDeque<>();
    private List<Frame> held = new ArrayList<>();
    private boolean closed;
    /** The newest event id queued, once holding has ended. */
    private EventId newest;
    /** The queue's bound: {@code maxBacklog}, plus the replay while it is still being written. */
    private int bound;

    /** When output last found the client not taking bytes, by {@code nanoTime}; 0 while it takes them. */
    private volatile long blockedSince;

    // only touched by the one running drain task
    private boolean unflushed;

    Subscriber(Output output, Set<Topic> topics, Executor executor, int maxBacklog, Duration writeTimeout,
               LongSupplier nanoTime, BiConsumer<Subscriber, DropReason> onClose, Runnable onDelivered) {
        this.output = output;
        this.topics = Set.copyOf(topics);
        this.executor = executor;
        this.maxBacklog = maxBacklog;
        this.writeTimeoutNanos = writeTimeout.toNanos();
        this.nanoTime = nanoTime;
        this.onClose = onClose;
        this.onDelivered = onDelivered;
        this.bound = maxBacklog;
    }

    public Set<Topic> topics() {
        return topics;
    }

    /**
     * Queues a frame, or holds it while the replay is not yet queued. Never blocks. Every stream is
     * offered a frame at least once per heartbeat, so the time rule is checked here, without a sweep.
     */
    public void offer(Frame frame) {
        long since = blockedSince;
        if (since != 0 && nanoTime.getAsLong() - since > writeTimeoutNanos) {
            close(DropReason.SLOW);
            return;
        }
        boolean overflow;
        boolean live;
        synchronized (this) {
            if (closed) {
                return;
            }
            live = held == null;
            if (live && frame.id() != null) {
                if (newest != null && !frame.id().isAfter(newest)) {
                    return;
                }
                newest = frame.id();
            }
            var into = live ? queue : held;
            into.add(frame);
            overflow = into.size() > (live ? bound : maxBacklog);
        }
        if (overflow) {
            close(DropReason.SLOW);
        } else if (live) {
            wake();
        }
    }

    /**
     * Ends holding: queues {@code first} (greeting, replay), then what was held, leaving out held
     * events whose id is not after {@code replayedUpTo}: the last id the replay had, or for a new
     * stream the id it starts after (null: keep all). Only now does
     * the output start calling back, so that a client gone already is noticed once it is registered.
     */
    void start(List<Frame> first, EventId replayedUpTo) {
        if (isClosed()) {
            return; // cut while its replay was read: its response may be over, and must not be touched
        }
        try {
            output.start(this::wake, () -> close(DropReason.GONE));
        } catch (RuntimeException endedMeanwhile) {
            // The container refuses a response it has ended (IllegalStateException): the client has gone.
            close(DropReason.GONE);
            return;
        }
        synchronized (this) {
            if (closed) {
                return;
            }
            queue.addAll(first);
            newest = replayedUpTo;
            for (var frame : held) {
                if (frame.id() == null || newest == null || frame.id().isAfter(newest)) {
                    queue.addLast(frame);
                    newest = frame.id() == null ? newest : frame.id();
                }
            }
            held = null;
            // A long replay is not a slow client: it may exceed the backlog bound while it is written.
            bound = maxBacklog + queue.size();
        }
        wake();
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
        output.close();
    }

    public synchronized boolean isClosed() {
        return closed;
    }

    /** Asks for a drain; only the first of overlapping requests starts a task, which then runs until none is left. */
    private void wake() {
        if (work.getAndIncrement() == 0) {
            try {
                executor.execute(this::drain);
            } catch (RejectedExecutionException stopping) {
                work.set(0);
            }
        }
    }

    private void drain() {
        int missed = 1;
        do {
            try {
                writeWhatCanBeWritten();
            } catch (IOException | RuntimeException e) {
                close(DropReason.GONE);
            }
            missed = work.addAndGet(-missed);
        } while (missed != 0);
    }

    private void writeWhatCanBeWritten() throws IOException {
        while (true) {
            if (!output.ready()) {
                if (blockedSince == 0) {
                    blockedSince = Math.max(1, nanoTime.getAsLong());
                }
                return;
            }
            if (blockedSince != 0) {
                blockedSince = 0; // written only when it changes: this loop runs once per frame per client
            }
            Frame frame;
            synchronized (this) {
                if (closed || held != null) {
                    return;
                }
                frame = queue.pollFirst();
                if (frame != null && bound > maxBacklog) {
                    bound--;
                }
            }
            if (frame == null) {
                if (unflushed) {
                    // Everything queued is written: push it out now, not when the container's buffer fills.
                    unflushed = false;
                    output.flush();
                    continue;
                }
                return;
            }
            output.write(frame);
            unflushed = true;
            if (frame.published()) {
                onDelivered.run();
            }
        }
    }
}
