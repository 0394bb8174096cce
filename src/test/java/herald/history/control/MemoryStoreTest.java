package herald.history.control;

import herald.event.entity.Event;
import herald.event.entity.EventId;
import herald.event.entity.Topic;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MemoryStoreTest {

    static final Topic A = new Topic("a");
    static final Topic B = new Topic("b");

    /** A clock the test moves by hand. */
    static final class HandClock extends Clock {
        Instant now = Instant.parse("2026-11-23T12:00:00Z");

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    final HandClock clock = new HandClock();

    static Event draft(Topic topic, String data) {
        return new Event(null, topic, null, data);
    }

    @Test
    void idsGrowAcrossTopicsAndTheListenerSeesThemInOrder() {
        var store = new MemoryStore(100, Duration.ofHours(1), clock);
        var seen = new ArrayList<EventId>();
        store.listen(event -> seen.add(event.id()));
        var ids = new ArrayList<EventId>();
        for (int i = 0; i < 5; i++) {
            ids.add(store.append(draft(i % 2 == 0 ? A : B, "e" + i)).id());
            if (i == 2) {
                clock.now = clock.now.plusMillis(1);
            }
        }
        assertEquals(ids, seen);
        for (int i = 1; i < ids.size(); i++) {
            assertTrue(ids.get(i).isAfter(ids.get(i - 1)), ids.toString());
        }
    }

    @Test
    void aListenerThatFailsNeverFailsAPublishAndTheEventIsKept() {
        var store = new MemoryStore(100, Duration.ofHours(1), clock);
        var seen = new ArrayList<String>();
        store.listen(event -> {
            if (event.data().equals("bad")) {
                throw new IllegalStateException("a stream failed");
            }
            seen.add(event.data());
        });
        var bad = store.append(draft(A, "bad"));
        store.append(draft(A, "next"));
        assertEquals(List.of("next"), seen);
        assertEquals(List.of("bad", "next"),
                Replays.all(store, new EventId(0, 0), Set.of(A)).events().stream().map(Event::data).toList());
        assertTrue(store.last().isAfter(bad.id()));
    }

    @Test
    void aPublisherDoesNotWaitOnAnotherPublishersFanOut() throws Exception {
        var store = new MemoryStore(100, Duration.ofHours(1), Clock.systemUTC());
        var seen = new java.util.concurrent.CopyOnWriteArrayList<String>();
        var fanningOut = new java.util.concurrent.CountDownLatch(1);
        var release = new java.util.concurrent.CountDownLatch(1);
        store.listen(event -> {
            if (event.data().equals("slow")) {
                fanningOut.countDown();
                try {
                    release.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            seen.add(event.data());
        });
        var slow = java.util.concurrent.CompletableFuture.supplyAsync(() -> store.append(draft(A, "slow")));
        assertTrue(fanningOut.await(5, java.util.concurrent.TimeUnit.SECONDS));
        var fast = java.util.concurrent.CompletableFuture.supplyAsync(() -> store.append(draft(B, "fast")));
        var kept = fast.get(2, java.util.concurrent.TimeUnit.SECONDS);
        assertEquals(1, Replays.all(store, new EventId(0, 0), Set.of(B)).events().size(), "kept at once");
        assertTrue(seen.isEmpty(), "handed on after the slow one, in id order");
        assertTrue(kept.id().isAfter(store.last()), "last() is what the listener has had");
        release.countDown();
        slow.get(5, java.util.concurrent.TimeUnit.SECONDS);
        assertEquals(List.of("slow", "fast"), seen);
        assertEquals(kept.id(), store.last());
    }

    @Test
    void manyPublishersAtOnceAreHandedOnOnceEachInIdOrder() throws Exception {
        var store = new MemoryStore(100_000, Duration.ofHours(1), Clock.systemUTC());
        var seen = new java.util.concurrent.CopyOnWriteArrayList<EventId>();
        store.listen(event -> seen.add(event.id()));
        var threads = new ArrayList<Thread>();
        for (int t = 0; t < 4; t++) {
            var thread = new Thread(() -> {
                for (int i = 0; i < 2000; i++) {
                    store.append(draft(A, "x"));
                }
            });
            thread.start();
            threads.add(thread);
        }
        for (var thread : threads) {
            thread.join();
        }
        assertEquals(8000, seen.size());
        for (int i = 1; i < seen.size(); i++) {
            assertTrue(seen.get(i).isAfter(seen.get(i - 1)), "in id order at " + i);
        }
    }

    @Test
    void keepsAtMostMaxTopicsDroppingTheOnePublishedToLongestAgoAndSaysSoOnAResumeIntoIt() {
        var store = new MemoryStore(100, 3, Duration.ofHours(1), clock);
        var c = new Topic("c");
        var d = new Topic("d");
        var before = store.append(draft(A, "a0")).id();
        store.append(draft(B, "b1"));
        store.append(draft(c, "c1"));
        store.append(draft(A, "a1"));
        assertEquals(3, store.topics());
        store.append(draft(d, "d1"));
        assertEquals(3, store.topics(), "at most three");
        assertEquals(Set.of(c, A, d), store.sizes().keySet(), "b, published to longest ago, went first");
        assertEquals(4, store.size(), "a0, a1, c1, d1");
        assertTrue(Replays.all(store, before, Set.of(B)).truncated(), "b1 is gone: a resume into b is told so");
        assertFalse(Replays.all(store, before, Set.of(A)).truncated());
        assertEquals(List.of("a1"), Replays.all(store, before, Set.of(A)).events().stream().map(Event::data).toList());
        for (int i = 0; i < 1000; i++) {
            store.append(draft(new Topic("fresh-" + i), "x"));
        }
        assertEquals(3, store.topics(), "a publisher naming topic after topic keeps the store bounded");
        assertEquals(3, store.size());
    }

    @Test
    void replaysWhatFollowsAnIdInTheWantedTopicsOnly() {
        var store = new MemoryStore(100, Duration.ofHours(1), clock);
        var a1 = store.append(draft(A, "a1"));
        store.append(draft(B, "b1"));
        store.append(draft(new Topic("c"), "c1"));
        store.append(draft(A, "a2"));
        store.append(draft(B, "b2"));

        var replay = Replays.all(store, a1.id(), Set.of(A, B));
        assertFalse(replay.truncated());
        assertEquals(List.of("b1", "a2", "b2"), replay.events().stream().map(Event::data).toList());
        assertTrue(Replays.all(store, replay.events().get(2).id(), Set.of(A, B)).events().isEmpty());
    }

    @Test
    void keepsTheLastEventsOfEachTopicAndSaysWhenAResumeReachesPastThem() {
        var store = new MemoryStore(3, Duration.ofHours(1), clock);
        var first = store.append(draft(A, "1"));
        var second = store.append(draft(A, "2"));
        for (int i = 3; i <= 5; i++) {
            store.append(draft(A, String.valueOf(i)));
        }
        store.append(draft(B, "b"));
        assertEquals(Map.of(A, 3, B, 1), store.sizes());

        var fromFirst = Replays.all(store, first.id(), Set.of(A));
        assertTrue(fromFirst.truncated(), "event 2 is gone");
        assertEquals(List.of("3", "4", "5"), fromFirst.events().stream().map(Event::data).toList());

        var fromSecond = Replays.all(store, second.id(), Set.of(A));
        assertFalse(fromSecond.truncated(), "nothing after 2 is gone");
        assertEquals(List.of("3", "4", "5"), fromSecond.events().stream().map(Event::data).toList());
    }

    @Test
    void anIdNewerThanAnyItGaveIsUnknownNotAPlaceInItsHistory() {
        var store = new MemoryStore(100, Duration.ofHours(1), clock);
        var kept = store.append(draft(A, "a1"));
        var replay = Replays.all(store, new EventId(kept.id().millis() + 60_000, 0), Set.of(A));
        assertTrue(replay.unknown());
        assertTrue(replay.truncated(), "the client is told events may be missing");
        assertTrue(replay.events().isEmpty());
        var atTheNewest = Replays.all(store, kept.id(), Set.of(A));
        assertFalse(atTheNewest.unknown(), "the newest id is known: nothing missed");
        assertFalse(atTheNewest.truncated());
    }

    @Test
    void forgetsEventsOlderThanTheMaximumAge() {
        var store = new MemoryStore(100, Duration.ofMinutes(10), clock);
        var old = store.append(draft(A, "old"));
        clock.now = clock.now.plus(Duration.ofMinutes(6));
        store.append(draft(A, "newer"));
        clock.now = clock.now.plus(Duration.ofMinutes(5));
        assertEquals(Map.of(A, 1), store.sizes());
        var replay = Replays.all(store, old.id(), Set.of(A));
        assertFalse(replay.truncated(), "the one event gone is the one the client had");
        assertEquals(List.of("newer"), replay.events().stream().map(Event::data).toList());
    }

    @Test
    void anIdFromBeforeThisStoreStartedMayHaveMissedEvents() {
        var before = new EventId(clock.millis() - 1, 0);
        var store = new MemoryStore(100, Duration.ofHours(1), clock);
        assertTrue(Replays.all(store, before, Set.of(A)).truncated(), "a topic with no events yet");
        store.append(draft(A, "x"));
        assertTrue(Replays.all(store, before, Set.of(A)).truncated(), "a topic with events");
    }

    @Test
    void aHistoryOfZeroKeepsNothingButStillHandsEventsOn() {
        var store = new MemoryStore(0, Duration.ofHours(1), clock);
        var seen = new ArrayList<Event>();
        store.listen(seen::add);
        var event = store.append(draft(A, "x"));
        assertEquals(List.of(event), seen);
        assertEquals(Map.of(), store.sizes(), "nor an empty history");
        assertEquals(0, store.topics());
    }

    @Test
    void aReplayIsReadAPageAtATimeAndTakesNoLockThatPublishingHolds() throws Exception {
        var store = new MemoryStore(1000, Duration.ofHours(1), clock);
        var from = store.last();
        var ids = new ArrayList<EventId>();
        for (int i = 0; i < 100; i++) {
            ids.add(store.append(draft(i % 2 == 0 ? A : B, "e" + i)).id());
        }
        var holding = new java.util.concurrent.CountDownLatch(1);
        var release = new java.util.concurrent.CountDownLatch(1);
        var publisher = new Thread(() -> {
            synchronized (store) { // as an append in progress holds it
                holding.countDown();
                try {
                    release.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        });
        publisher.start();
        try {
            assertTrue(holding.await(5, java.util.concurrent.TimeUnit.SECONDS));
            var read = org.junit.jupiter.api.Assertions.assertTimeoutPreemptively(Duration.ofSeconds(5),
                    () -> Replays.all(store, from, Set.of(A, B)));
            assertEquals(ids, read.events().stream().map(Event::id).toList());
            assertEquals((100 + MemoryStore.PAGE - 1) / MemoryStore.PAGE, read.pages(), "pages of " + MemoryStore.PAGE);
            assertFalse(read.truncated());
        } finally {
            release.countDown();
            publisher.join();
        }
    }

    @Test
    void everyReplayOfAKeptEventSharesTheOneFormMadeOfIt() throws Exception {
        var store = new MemoryStore(100, Duration.ofHours(1), clock);
        var from = store.last();
        store.append(draft(A, "shared"));
        var made = new java.util.concurrent.atomic.AtomicInteger();
        java.util.function.Function<Event, String> encode = event -> {
            made.incrementAndGet();
            return "bytes of " + event.data();
        };
        var forms = new ArrayList<String>();
        for (int stream = 0; stream < 3; stream++) {
            var page = store.replay(from, Set.of(A)).next().toCompletableFuture().get();
            forms.add(page.stored().get(0).form(encode));
        }
        assertEquals(1, made.get(), "made once, by the first replay");
        assertTrue(forms.get(0) == forms.get(1) && forms.get(1) == forms.get(2), "the same form, not a copy");
    }

    @Test
    void eventsThatLeaveWhileAReplayIsReadMakeItTruncatedNeverSilentlyShort() throws Exception {
        var store = new MemoryStore(40, Duration.ofHours(1), clock);
        var from = store.last();
        for (int i = 0; i < 40; i++) {
            store.append(draft(A, "old" + i));
        }
        var replay = store.replay(from, Set.of(A));
        var first = replay.next().toCompletableFuture().get();
        assertEquals(MemoryStore.PAGE, first.events().size());
        assertFalse(first.truncated());
        for (int i = 0; i < 40; i++) {
            store.append(draft(A, "new" + i)); // pushes out every old one
        }
        var second = replay.next().toCompletableFuture().get();
        assertTrue(second.truncated(), "old32 to old39 went before they were read");
        assertTrue(second.last());
        assertEquals(List.of(), second.events(), "the new ones come live: the replay went up to old39");
        assertEquals(first.upTo(), second.upTo());
    }

    @Test
    void aTopicWhoseEventsHaveAllExpiredIsLetGoOf() {
        var store = new MemoryStore(100, Duration.ofMinutes(10), clock);
        var before = store.last();
        store.append(draft(A, "a1"));
        clock.now = clock.now.plus(Duration.ofMinutes(11));
        store.append(draft(B, "b1"));
        assertEquals(1, store.topics(), "a has nothing left: its history goes");
        assertEquals(1, store.size());
        assertTrue(Replays.all(store, before, Set.of(A)).truncated(), "a1 is gone: a resume into a is told so");
    }
}
