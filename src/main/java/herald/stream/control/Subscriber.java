package herald.stream.control;

import herald.access.entity.Grant;
import herald.event.entity.EventId;
import herald.event.entity.Topic;
import herald.history.control.Page;
import herald.history.control.Replay;
import herald.metrics.entity.DropReason;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiConsumer;
import java.util.function.LongSupplier;

/**
 * One open stream: its topics, its {@link Backlog} (what is written next, what waits, what is left out), and the
 * writer that drives its {@link Output} without ever blocking a thread, and keeps the client's pace in check.
 *
 * <p>Pace: a stream is closed as {@link DropReason#SLOW}, rather than let it hold memory and a socket for ever, when
 * its backlog overflows; when the client has taken no byte for {@code writeTimeout} while output waits for it (a
 * client that stopped reading while traffic is light: its few frames sit in kernel buffers and never reach the
 * bound); or when it has been behind for {@code maxLag} without once taking all there was (it reads, but too slowly
 * to ever catch up: a trickle would otherwise hold its place for ever). Time spent waiting on the store for a
 * replay page is not counted. The client can reconnect and resume from the last event it got.
 *
 * <p>Thread safe. Frames are offered from publishing threads, the ticker and the heartbeat at once;
 * writing runs on the delivery executor, on the output's own callback where that may write
 * ({@link Output#callbacksMayWrite}), or at the start on the opening thread where the output's first frames must be
 * written there ({@link Output#writesFirstOnOpeningThread}), one drain at a time per stream (a work-in-progress
 * count makes sure a wake-up that comes while a drain is finishing is not lost). Replay pages come on the store's
 * thread.
 */
public final class Subscriber {

    private final Output output;
    private final Set<Topic> topics;
    private final Executor executor;
    private final long writeTimeoutNanos;
    private final long maxLagNanos;
    /** When the stream's token expires, by {@code nanoTime}; meaningful only where {@link #expires}. */
    private final long expiresAt;
    private final boolean expires;
    private final LongSupplier nanoTime;
    private final BiConsumer<Subscriber, DropReason> onClose;
    private final Runnable onDelivered;
    private final AtomicInteger work = new AtomicInteger();

    // guarded by this
    private final Backlog backlog;
    private boolean closed;

    /**
     * How long the stream had been behind when it asked the store for a page, in nanoseconds: written by the drain
     * before it asks, read when the page comes (the page's completion orders the two).
     */
    private long lagBeforePage;

    /**
     * Since when the client has not taken bytes, by {@code nanoTime}: since output was found not ready, or since the
     * write in progress began (an output that blocks, a platform sink, waits on the client inside a write); 0 while
     * it takes them.
     */
    private volatile long blockedSince;
    /** Since when frames have been waiting for the client without a moment of it having taken all; 0: caught up. */
    private volatile long behindSince;

    // only touched by the one running drain task
    private boolean unflushed;

    /**
     * @param grant    what the stream's token lets it read (private events), {@link Grant#NONE} without one
     * @param validFor how long its token stays valid, or null without one: the stream is closed then
     */
    Subscriber(Output output, Set<Topic> topics, Grant grant, Duration validFor, Executor executor, int maxBacklog,
               Duration writeTimeout, Duration maxLag, LongSupplier nanoTime, BiConsumer<Subscriber, DropReason> onClose,
               Runnable onDelivered) {
        this.output = output;
        this.topics = Set.copyOf(topics);
        this.executor = executor;
        this.writeTimeoutNanos = writeTimeout.toNanos();
        this.maxLagNanos = maxLag.toNanos();
        this.nanoTime = nanoTime;
        this.onClose = onClose;
        this.onDelivered = onDelivered;
        this.backlog = new Backlog(maxBacklog, grant);
        this.expires = validFor != null;
        this.expiresAt = expires ? nanoTime.getAsLong() + validFor.toNanos() : 0;
    }

    public Set<Topic> topics() {
        return topics;
    }

    /**
     * Queues a frame, or holds it while the replay is not yet queued. Never blocks. Every stream is
     * offered a frame at least once per heartbeat, so the time rules are checked here, without a sweep: a stream
     * whose token has expired is closed within a heartbeat (its client comes back with a fresh one).
     */
    public void offer(Frame frame) {
        if (expires && nanoTime.getAsLong() - expiresAt >= 0) {
            close(DropReason.EXPIRED);
            return;
        }
        long blocked = blockedSince;
        long behind = behindSince;
        if (blocked != 0 || behind != 0) {
            long now = nanoTime.getAsLong();
            if ((blocked != 0 && now - blocked > writeTimeoutNanos) || (behind != 0 && now - behind > maxLagNanos)) {
                close(DropReason.SLOW);
                return;
            }
        }
        Backlog.Offer offered;
        synchronized (this) {
            if (closed) {
                return;
            }
            offered = backlog.offer(frame);
        }
        if (offered == Backlog.Offer.OVERFLOW) {
            close(DropReason.SLOW);
        } else if (offered == Backlog.Offer.QUEUED) {
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
            boolean here = claimFirstDrain();
            synchronized (this) {
                if (!closed) {
                    backlog.start(first, startsAfter);
                }
            }
            drainFirst(here);
        }
    }

    /**
     * Starts a resumed stream: queues {@code first} (greeting, date), then reads the replay of what came after
     * the client's id {@code after} page by page as the client takes it, then what was held.
     */
    void start(List<Frame> first, EventId after, Replay replay) {
        if (startOutput()) {
            boolean here = claimFirstDrain();
            synchronized (this) {
                if (!closed) {
                    backlog.start(first, after, replay);
                }
            }
            drainFirst(here);
        }
    }

    private boolean startOutput() {
        if (isClosed()) {
            return false; // cut while it registered: its response may be over, and must not be touched
        }
        try {
            output.start(output.callbacksMayWrite() ? this::drainHere : this::wake, () -> close(DropReason.GONE));
            return true;
        } catch (RuntimeException endedMeanwhile) {
            // The container refuses a response it has ended (IllegalStateException): the client has gone.
            close(DropReason.GONE);
            return false;
        }
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
            backlog.pageCame(page);
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
            backlog.clear();
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

    /**
     * For an output whose first frames the opening thread must write ({@link Output#writesFirstOnOpeningThread}):
     * claims the first drain for this thread before those frames are queued. Until then nothing wakes a drain (what is
     * offered is held), and a frame offered from now on finds the claim and is left to this thread's drain.
     */
    private boolean claimFirstDrain() {
        return output.writesFirstOnOpeningThread() && work.getAndIncrement() == 0;
    }

    /**
     * The first frames are queued: written now on this thread where it has claimed the drain; otherwise as soon as the
     * output can take them, or else once it calls back (as the Servlet API's output does first after the request's own
     * dispatch), which saves a drain that would only find it not ready.
     */
    private void drainFirst(boolean claimed) {
        if (claimed) {
            drain();
        } else if (output.ready()) {
            wake();
        }
    }

    /** Writes on the calling thread, one that may write (see {@link Output#callbacksMayWrite}), unless a drain runs. */
    private void drainHere() {
        if (work.getAndIncrement() == 0) {
            drain();
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
                blockedSince = 0;
            }
            Frame frame;
            Replay pageFrom = null;
            synchronized (this) {
                if (closed) {
                    return;
                }
                frame = backlog.poll();
                if (frame == null && !unflushed) {
                    pageFrom = backlog.pageToAsk();
                }
            }
            if (frame == null) {
                if (unflushed) {
                    // Everything queued is written: push it out now, not when the container's buffer fills. An output
                    // may send only here what was written (SinkOutput), and block on it as a write would.
                    blockedSince = Math.max(1, nanoTime.getAsLong()); // cleared above once it is ready again
                    unflushed = !output.flush();
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
            long now = Math.max(1, nanoTime.getAsLong());
            if (behindSince == 0) {
                behindSince = now;
            }
            blockedSince = now; // cleared above once the write has returned and output is ready again
            output.write(frame);
            unflushed = true;
            if (frame.published()) {
                onDelivered.run();
            }
        }
    }
}
