package herald.stream.control;

import herald.access.entity.Grant;
import herald.event.entity.EventId;
import herald.history.control.Page;
import herald.history.control.Replay;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * One stream's backlog rules, without threads: what is written next, what waits, what is left out, and when the
 * client is too far behind. {@link Subscriber} drives it under its lock and writes what it hands out.
 *
 * <p>A stream starts out holding: events offered while it registers, and while its replay is written, wait aside
 * (at most {@code maxBacklog}). A new stream then gets its first frames (greeting, date) and what was held after
 * the id it starts at. A resumed one gets its first frames, then its replay a page at a time, each asked for only
 * once the last is taken (a place in the history, never a copy of it), then what was held after the id the replay
 * went up to. Frames without an id (ticks, heartbeats) are not ordered with events and go out at once once
 * started, so a replay that waits on the store still gets them. Live events come in id order, so an event whose id
 * is not after the newest queued is one the stream has, and is left out (a store whose listener runs behind its
 * history, as Redis's reader does, hands on live what a replay may already have held).
 *
 * <p>A private event reaches the stream only when its token covers the event's topic, live or replayed; otherwise it
 * is left out, as if it had gone to another topic.
 *
 * <p>Bound: at most {@code maxBacklog} frames wait besides the replay page being written; one more is
 * {@link Offer#OVERFLOW}, and the stream is to be cut as slow.
 *
 * <p>Not thread safe: one lock around every call.
 */
final class Backlog {

    /** What became of an offered frame. */
    enum Offer {
        /** Queued: there is something to write. */
        QUEUED,
        /** Held until the replay is written. */
        HELD,
        /** Already had: left out. */
        REPEATED,
        /** A private event that the stream's token does not cover: left out. */
        PRIVATE,
        /** Past the bound: the client is too far behind. */
        OVERFLOW
    }

    private final int maxBacklog;
    private final Grant grant;
    /**
     * Sized for what a stream that keeps up holds, a frame or two (it grows when needed): with the default size, the
     * queues of 10,000 idle streams would take 0.5 MB more.
     */
    private final ArrayDeque<Frame> queue = new ArrayDeque<>(3);
    /** Frames held while registering and while the replay is written; null once live. */
    private List<Frame> held = new ArrayList<>();
    /** The newest event id queued, once live. */
    private EventId newest;
    /** The queue's bound: {@code maxBacklog}, plus the replay (or first frames) still to write. */
    private int bound;
    private boolean started;
    /** The replay still to read, while there is one. */
    private Replay replay;
    /** The newest id the replay has handed out, or the client's own. */
    private EventId replayedTo;
    private boolean pageAsked;

    Backlog(int maxBacklog, Grant grant) {
        this.maxBacklog = maxBacklog;
        this.grant = grant;
        this.bound = maxBacklog;
    }

    Offer offer(Frame frame) {
        if (frame.privateTo() != null && !grant.mayRead(frame.privateTo())) {
            return Offer.PRIVATE;
        }
        boolean live = held == null;
        if (live && frame.id() != null) {
            if (newest != null && !frame.id().isAfter(newest)) {
                return Offer.REPEATED;
            }
            newest = frame.id();
        }
        if (live || (replay != null && frame.id() == null)) {
            queue.addLast(frame);
            return queue.size() > bound ? Offer.OVERFLOW : Offer.QUEUED;
        }
        held.add(frame);
        return held.size() > maxBacklog ? Offer.OVERFLOW : Offer.HELD;
    }

    /** A stream without a replay: {@code first}, then what was held after {@code startsAfter} (null: all). */
    void start(List<Frame> first, EventId startsAfter) {
        started = true;
        queue.addAll(first);
        endHolding(startsAfter);
    }

    /** A resumed stream: {@code first}, then the replay of what followed the client's id {@code after}. */
    void start(List<Frame> first, EventId after, Replay replay) {
        started = true;
        queue.addAll(first);
        this.replay = replay;
        this.replayedTo = after;
        bound = maxBacklog + queue.size();
    }

    /** The next frame to write, or null; none before the stream has started. */
    Frame poll() {
        if (!started) {
            return null;
        }
        var frame = queue.pollFirst();
        if (frame != null && bound > maxBacklog) {
            bound--;
        }
        return frame;
    }

    /**
     * The replay to ask for its next page, when the client has taken all there is and no page is asked for yet;
     * else null. Once returned, it is asked for: {@link #pageCame} follows.
     */
    Replay pageToAsk() {
        if (!started || !queue.isEmpty() || replay == null || pageAsked) {
            return null;
        }
        pageAsked = true;
        return replay;
    }

    /** Queues a page: a notice first when events may be missing before it; after the last, what was held. */
    void pageCame(Page page) {
        pageAsked = false;
        if (page.truncated()) {
            queue.addLast(Frames.truncated(replayedTo));
        }
        for (var stored : page.stored()) {
            var event = stored.event();
            if (!event.isPrivate() || grant.mayRead(event.topic())) {
                queue.addLast(stored.form(Frames::event)); // made by the first stream to replay it, shared after
            }
            replayedTo = event.id();
        }
        if (page.last()) {
            replay = null;
            endHolding(page.upTo());
        } else {
            // A replay is not a slow client: its page may exceed the bound while it is written.
            bound = maxBacklog + queue.size();
        }
    }

    /** Whether there is nothing left to write, nor to read for it: the client has caught up. */
    boolean caughtUp() {
        return queue.isEmpty() && replay == null;
    }

    void clear() {
        queue.clear();
        held = null;
        replay = null;
    }

    /** Queues the held events after {@code upTo} (all if null): live from now on. */
    private void endHolding(EventId upTo) {
        newest = upTo;
        for (var frame : held) {
            if (frame.id() == null || newest == null || frame.id().isAfter(newest)) {
                queue.addLast(frame);
                newest = frame.id() == null ? newest : frame.id();
            }
        }
        held = null;
        bound = maxBacklog + queue.size();
    }
}
