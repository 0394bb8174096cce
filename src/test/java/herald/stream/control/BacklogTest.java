package herald.stream.control;

import herald.access.entity.Grant;
import herald.access.entity.TopicPatterns;
import herald.event.entity.Event;
import herald.event.entity.EventId;
import herald.event.entity.Topic;
import herald.history.control.Page;
import herald.history.control.Replay;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The backlog rules, one call after another: no thread, no output. */
class BacklogTest {

    static final Replay NOT_READ = CompletableFuture::new;

    static Frame tick(String data) {
        return Frame.event(null, false, null, null, Frame.NO_RETRY, data);
    }

    static Frame event(String data, long id) {
        return Frames.event(new Event(new EventId(id, 0), Topic.DEFAULT, null, data));
    }

    static Page page(boolean truncated, long upTo, boolean last, long... ids) {
        var events = new ArrayList<Event>();
        for (var id : ids) {
            events.add(new Event(new EventId(id, 0), Topic.DEFAULT, null, "r" + id));
        }
        return Page.of(events, truncated, new EventId(upTo, 0), last);
    }

    static List<String> drain(Backlog backlog) {
        var written = new ArrayList<String>();
        for (var frame = backlog.poll(); frame != null; frame = backlog.poll()) {
            written.add(frame.data());
        }
        return written;
    }

    static Event privateEvent(String topic, String data, long id) {
        return new Event(new EventId(id, 0), new Topic(topic), null, data, true);
    }

    @Test
    void aPrivateEventReachesOnlyAStreamWhoseTokenCoversItsTopicLiveAndReplayed() {
        var covering = new Grant(TopicPatterns.parse("orders.*"), TopicPatterns.NONE, Instant.MAX);
        var other = new Grant(TopicPatterns.parse("news"), TopicPatterns.NONE, Instant.MAX);
        var replayed = Page.of(List.of(privateEvent("orders.1", "p1", 1),
                new Event(new EventId(2, 0), new Topic("orders.1"), null, "public", false)), false, new EventId(2, 0), true);
        for (var grant : List.of(covering, other, Grant.NONE)) {
            var backlog = new Backlog(10, grant);
            backlog.start(List.of(tick("hello")), new EventId(0, 0), NOT_READ);
            assertEquals(List.of("hello"), drain(backlog));
            assertSame(NOT_READ, backlog.pageToAsk());
            backlog.pageCame(replayed);
            var live = backlog.offer(Frames.event(privateEvent("orders.1", "p3", 3)));
            assertEquals(grant == covering ? Backlog.Offer.QUEUED : Backlog.Offer.PRIVATE, live);
            assertEquals(grant == covering ? List.of("p1", "public", "p3") : List.of("public"), drain(backlog));
        }
    }

    @Test
    void aNewStreamGetsItsFirstFramesThenWhatWasHeldAfterWhereItStartsAndNothingTwice() {
        var backlog = new Backlog(10, Grant.NONE);
        assertEquals(Backlog.Offer.HELD, backlog.offer(event("e1", 1)));
        assertEquals(Backlog.Offer.HELD, backlog.offer(tick("t")));
        assertEquals(Backlog.Offer.HELD, backlog.offer(event("e2", 2)));
        assertNull(backlog.poll(), "nothing before it has started");
        backlog.start(List.of(tick("hello")), new EventId(1, 0));
        assertEquals(List.of("hello", "t", "e2"), drain(backlog), "e1 was the store's before the stream began");
        assertEquals(Backlog.Offer.REPEATED, backlog.offer(event("e2 again", 2)));
        assertEquals(Backlog.Offer.QUEUED, backlog.offer(event("e3", 3)));
        assertEquals(List.of("e3"), drain(backlog));
        assertTrue(backlog.caughtUp());
    }

    @Test
    void aReplayIsAskedAPageAtATimeOnlyOnceAllElseIsTakenWithTicksGoingOutMeanwhile() {
        var backlog = new Backlog(10, Grant.NONE);
        backlog.offer(event("live", 9));
        backlog.start(List.of(tick("hello")), new EventId(1, 0), NOT_READ);
        assertNull(backlog.pageToAsk(), "the greeting is not taken yet");
        assertEquals(List.of("hello"), drain(backlog));
        assertSame(NOT_READ, backlog.pageToAsk());
        assertNull(backlog.pageToAsk(), "asked already");
        assertEquals(Backlog.Offer.QUEUED, backlog.offer(tick("t")), "a tick goes out while the page is read");
        assertEquals(Backlog.Offer.HELD, backlog.offer(event("live2", 10)), "an event waits for the replay");
        assertEquals(List.of("t"), drain(backlog));
        assertFalse(backlog.caughtUp());

        backlog.pageCame(page(false, 9, false, 2, 3));
        assertNull(backlog.pageToAsk(), "not before this page is taken");
        assertEquals(List.of("r2", "r3"), drain(backlog));
        assertSame(NOT_READ, backlog.pageToAsk());
        backlog.pageCame(page(true, 9, true, 9));
        assertEquals(List.of("{\"lastEventId\":\"3-0\"}", "r9", "live2"), drain(backlog),
                "a gap is told from the last event the client got; held events after the replay's end, once");
        assertTrue(backlog.caughtUp());
    }

    @Test
    void pastTheBoundLiveOrHeldItOverflowsButAReplayPageNeverDoes() {
        var live = new Backlog(2, Grant.NONE);
        live.start(List.of(tick("hello")), null);
        assertEquals(Backlog.Offer.QUEUED, live.offer(tick("a")));
        assertEquals(Backlog.Offer.QUEUED, live.offer(tick("b")), "first frames do not count against the bound");
        drain(live);
        live.offer(tick("c"));
        live.offer(tick("d"));
        assertEquals(Backlog.Offer.OVERFLOW, live.offer(tick("e")));

        var held = new Backlog(2, Grant.NONE);
        held.offer(event("x", 1));
        held.offer(event("y", 2));
        assertEquals(Backlog.Offer.OVERFLOW, held.offer(event("z", 3)));

        var replayed = new Backlog(2, Grant.NONE);
        replayed.start(List.of(), new EventId(0, 0), NOT_READ);
        replayed.pageToAsk();
        replayed.pageCame(page(false, 5, false, 1, 2, 3, 4, 5));
        assertEquals(Backlog.Offer.QUEUED, replayed.offer(tick("t1")));
        assertEquals(Backlog.Offer.QUEUED, replayed.offer(tick("t2")));
        assertEquals(Backlog.Offer.OVERFLOW, replayed.offer(tick("t3")), "the bound is maxBacklog past the page");
    }

    @Test
    void anIdUnknownToTheStoreKeepsEveryHeldEvent() {
        var backlog = new Backlog(10, Grant.NONE);
        backlog.offer(event("live", 1));
        backlog.start(List.of(), new EventId(99, 0), NOT_READ);
        backlog.pageToAsk();
        backlog.pageCame(Page.ofUnknown());
        assertEquals(List.of("{\"lastEventId\":\"99-0\"}", "live"), drain(backlog));
    }
}
