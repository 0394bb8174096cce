package herald.stream.control;

import herald.event.entity.EventId;
import herald.event.entity.Topic;
import herald.history.control.Page;
import herald.history.control.Replay;
import herald.metrics.entity.DropReason;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletionStage;
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
 * frames sit in kernel buffers and never reach the backlog bound.) A client that takes bytes, but too slowly to
 * ever have nothing left to take, is cut the same way once it has been behind for {@code maxLag}: a trickle would
 * otherwise hold its place for ever. Time spent waiting on the store for a replay page is not counted.
 *
 * <p>A stream starts out holding: live events offered while it registers and while its replay is written are
 * kept aside (at most {@code maxBacklog}), then {@link #start} queues the greeting, the replay is read a page
 * at a time as the client takes it (only a place in the history is kept, never a copy), and after its last page
 * come the held events, leaving out those the replay went up to. Frames without an id (ticks, heartbeats) are not
 * ordered with events and go out at once once started, so a replay that waits on the store (Redis away) still
 * gets them. Registered before its replay is opened, it misses nothing; de-duplicated by id, it gets nothing
 * twice: events come in id order, so an event whose id is not after the newest queued is one it has (a store
 * whose listener runs behind its history, as Redis's reader does, hands on live what a replay may already have
 * held).
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
    private final long maxLagNanos;
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
    /** The queue's bound: {@code maxBacklog}, plus the replay page while it is still being written. */
    private int bound;
    /** The replay still to read, while there is one. */
    private Replay replay;
    /** The newest id the replay has handed out, or the client's own. */
    private EventId replayedTo;
    private boolean pageAsked;
    /** How long the stream had been behind when it asked the store for a page, in nanoseconds. */
    private long lagBeforePage;

    /** When output last found the client not taking bytes, by {@code nanoTime}; 0 while it takes them. */
    private volatile long blockedSince;
    /** Since when frames have been waiting for the client without a moment of it having taken all; 0: caught up. */
    private volatile long behindSince;

    // only touched by the one running drain task
    private boolean unflushed;

    Subscriber(Output output, Set<Topic> topics, Executor executor, int maxBacklog, Duration writeTimeout,
               Duration maxLag, LongSupplier nanoTime, BiConsumer<Subscriber, DropReason> onClose,
               Runnable onDelivered) {
        this.output = output;
        this.topics = Set.copyOf(topics);
        this.executor = executor;
        this.maxBacklog = maxBacklog;
        this.writeTimeoutNanos = writeTimeout.toNanos();
        this.maxLagNanos = maxLag.toNanos();
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
        long blocked = blockedSince;
        long behind = behindSince;
        if (blocked != 0 || behind != 0) {
            long now = nanoTime.getAsLong();
            if ((blocked != 0 && now - blocked > writeTimeoutNanos) || (behind != 0 && now - behind > maxLagNanos)) {
                close(DropReason.SLOW);
                return;
            }
        }
        boolean overflow;
        boolean queued;
        synchronized (this) {
            if (closed) {
                return;
            }
            boolean live = held == null;
            queued = live || (replay != null && frame.id() == null);
            if (live && frame.id() != null) {
                if (newest != null && !frame.id().isAfter(newest)) {
                    return;
                }
                newest = frame.id();
            }
            var into = queued ? queue : held;
            into.add(frame);
            overflow = into.size() > (queued ? bound : maxBacklog);
        }
        if (overflow) {
            close(DropReason.SLOW);
        } else if (queued) {
            wake();
        }
    }

    /**
     * Ends holding, for a stream without a replay: queues {@code first} (greeting, date), then what was held,
     * leaving out held events whose id is not after {@code startsAfter}, the id the stream starts after (null:
     * keep all). Only now does the output start calling back, so that a client gone already is noticed once it
     * is registered.
     */
    void start(List<Frame> first, EventId startsAfter) {
        if (startOutput()) {
            synchronized (this) {
                if (closed) {
                    return;
                }
                queue.addAll(first);
                endHolding(startsAfter);
            }
            wake();
        }
    }

    /**
     * Starts a resumed stream: queues {@code first} (greeting, date), then reads the replay of what came after
     * the client's id {@code after} page by page as the client takes it, then what was held.
     */
    void start(List<Frame> first, EventId after, Replay replay) {
        if (startOutput()) {
            synchronized (this) {
                if (closed) {
                    return;
                }
                queue.addAll(first);
                this.replay = replay;
                this.replayedTo = after;
            }
            wake();
        }
    }

    private boolean startOutput() {
        if (isClosed()) {
            return false; // cut while it registered: its response may be over, and must not be touched
        }
        try {
            output.start(this::wake, () -> close(DropReason.GONE));
            return true;
        } catch (RuntimeException endedMeanwhile) {
            // The container refuses a response it has ended (IllegalStateException): the client has gone.
            close(DropReason.GONE);
            return false;
        }
    }

    /** Queues the held events after {@code upTo} (all if null): the stream is live from now on. Under the lock. */
    private void endHolding(EventId upTo) {
        newest = upTo;
        for (var frame : held) {
            if (frame.id() == null || newest == null || frame.id().isAfter(newest)) {
                queue.addLast(frame);
                newest = frame.id() == null ? newest : frame.id();
            }
        }
        held = null;
        // A replay is not a slow client: what it queued may exceed the backlog bound while it is written.
        bound = maxBacklog + queue.size();
    }

    /** Asks the store for the next page, once the client has taken the last. */
    private void askPage(Replay from) {
        CompletionStage<Page> page;
        try {
            page = from.next();
        } catch (RuntimeException e) {
            close(DropReason.GONE);
            return;
        }
        page.whenComplete(this::pageCame);
    }

    private void pageCame(Page page, Throwable failed) {
        if (failed != null) {
            close(DropReason.GONE); // the store is closing
            return;
        }
        synchronized (this) {
            if (closed) {
                return;
            }
            pageAsked = false;
            if (page.truncated()) {
                queue.addLast(Frames.truncated(replayedTo));
            }
            for (var stored : page.stored()) {
                queue.addLast(stored.form(Frames::event)); // made by the first stream to replay it, shared after
                replayedTo = stored.event().id();
            }
            if (page.last()) {
                replay = null;
                endHolding(page.upTo());
            } else {
                bound = maxBacklog + queue.size();
            }
            // The lag clock stood still while the store was asked.
            behindSince = lagBeforePage == 0 ? 0 : Math.max(1, nanoTime.getAsLong() - lagBeforePage);
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
            Replay pageFrom = null;
            synchronized (this) {
                if (closed || (held != null && replay == null)) {
                    return;
                }
                frame = queue.pollFirst();
                if (frame != null && bound > maxBacklog) {
                    bound--;
                }
                if (frame == null && !unflushed && replay != null && !pageAsked) {
                    pageAsked = true;
                    pageFrom = replay;
                }
            }
            if (frame == null) {
                if (unflushed) {
                    // Everything queued is written: push it out now, not when the container's buffer fills.
                    unflushed = false;
                    output.flush();
                    continue;
                }
                // The client has taken all there is; between two pages of a replay it is still behind, but not while
                // the store is asked (see pageCame).
                long behind = behindSince;
                behindSince = 0;
                if (pageFrom != null) {
                    lagBeforePage = behind == 0 ? 0 : Math.max(1, nanoTime.getAsLong() - behind);
                    askPage(pageFrom);
                }
                return;
            }
            if (behindSince == 0) {
                behindSince = Math.max(1, nanoTime.getAsLong());
            }
            output.write(frame);
            unflushed = true;
            if (frame.published()) {
                onDelivered.run();
            }
        }
    }
}
