package herald.history.control;

import herald.event.entity.Event;
import herald.event.entity.EventId;
import herald.event.entity.Topic;
import herald.testing.CuttableProxy;
import herald.testing.RedisServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The Redis store against a real redis-server: two stores on one Redis are two Herald instances. */
class RedisStoreTest {

    static final Duration WAIT = Duration.ofSeconds(10);
    static final Duration TIMEOUT = Duration.ofMillis(500);
    static RedisServer redis;

    final List<RedisStore> stores = new ArrayList<>();
    String key;

    @BeforeAll
    static void startRedis() throws Exception {
        redis = RedisServer.start();
    }

    @AfterAll
    static void stopRedis() throws Exception {
        redis.close();
    }

    @BeforeEach
    void freshKey() {
        key = "herald:test:" + System.nanoTime();
    }

    @AfterEach
    void closeStores() {
        stores.forEach(RedisStore::close);
    }

    RedisStore store(int maxLength) {
        return store(redis.url(), maxLength);
    }

    RedisStore store(String url, int maxLength) {
        var store = new RedisStore(url, key, maxLength, Duration.ofHours(1), TIMEOUT, Clock.systemUTC());
        stores.add(store);
        await().atMost(WAIT).until(store::up);
        return store;
    }

    /** A TCP proxy to the test's Redis that the test can cut, as a network partition would. */
    CuttableProxy partition() throws Exception {
        var path = URI.create(redis.url());
        return new CuttableProxy(path.getHost(), path.getPort());
    }

    /** An instance that reaches Redis only through {@code partition}. */
    RedisStore storeBehind(CuttableProxy partition, int maxLength) {
        return store("redis://127.0.0.1:" + partition.port(), maxLength);
    }

    static Event draft(String topic, String data) {
        return new Event(null, new Topic(topic), "n", data);
    }

    static List<String> data(List<Event> events) {
        return events.stream().map(Event::data).toList();
    }

    @Test
    void aStoreTakesEventsAsSoonAsItIsMade() {
        var store = new RedisStore(redis.url(), key, 100, Duration.ofHours(1), TIMEOUT, Clock.systemUTC());
        stores.add(store);
        var event = store.append(draft("x", "first"));
        assertEquals("first", event.data());
        assertTrue(event.id() != null, "kept, with Redis's id");
    }

    @Test
    void idsComeFromRedisGrowAcrossTopicsAndEveryInstanceHearsEveryEventOnceInOrder() {
        var a = store(100);
        var b = store(100);
        var heardByA = new CopyOnWriteArrayList<Event>();
        var heardByB = new CopyOnWriteArrayList<Event>();
        a.listen(heardByA::add);
        b.listen(heardByB::add);

        var published = new ArrayList<Event>();
        for (int i = 0; i < 20; i++) {
            published.add((i % 2 == 0 ? a : b).append(draft(i % 3 == 0 ? "x" : "y", "e" + i)));
        }
        for (int i = 1; i < published.size(); i++) {
            assertTrue(published.get(i).id().isAfter(published.get(i - 1).id()), "ids grow across topics");
        }
        await().atMost(WAIT).until(() -> heardByA.size() >= 20 && heardByB.size() >= 20);
        assertEquals(published, heardByA);
        assertEquals(published, heardByB);
        await().atMost(WAIT).until(() -> a.size() == 20);
    }

    @Test
    void replaysWhatFollowsAnIdInTheWantedTopicsOnlyWhicheverInstancePublishedIt() {
        var a = store(100);
        var b = store(100);
        var first = a.append(draft("x", "1"));
        b.append(draft("y", "2"));
        a.append(draft("x", "3"));
        b.append(new Event(null, new Topic("x"), null, "4\nwith a second line"));

        var replay = Replays.all(b, first.id(), Set.of(new Topic("x")));
        assertEquals(List.of("3", "4\nwith a second line"), data(replay.events()));
        assertFalse(replay.truncated());
        assertEquals(null, replay.events().get(1).type(), "no type stays no type");
        assertEquals(List.of("2", "3", "4\nwith a second line"),
                data(Replays.all(a, first.id(), Set.of(new Topic("x"), new Topic("y"))).events()));
    }

    @Test
    void aLongReplayIsReadInPagesEachLeavingOutOtherTopicsAndEndsWhereTheStreamWasWhenItBegan() throws Exception {
        var store = store(10_000);
        var from = new EventId(1, 0);
        var x = new ArrayList<EventId>();
        for (int i = 0; i < 2 * RedisStore.PAGE + 500; i++) {
            var event = store.append(draft(i % 5 == 0 ? "x" : "y", String.valueOf(i)));
            if (i % 5 == 0) {
                x.add(event.id());
            }
        }
        var replay = store.replay(from, Set.of(new Topic("x")));
        var first = replay.next().toCompletableFuture().get(WAIT.toSeconds(), java.util.concurrent.TimeUnit.SECONDS);
        store.append(draft("x", "after the replay began")); // comes live, not in the replay
        var read = new ArrayList<>(first.events());
        int pages = 1;
        var page = first;
        while (!page.last()) {
            page = replay.next().toCompletableFuture().get(WAIT.toSeconds(), java.util.concurrent.TimeUnit.SECONDS);
            read.addAll(page.events());
            pages++;
        }
        assertEquals(x, read.stream().map(Event::id).toList());
        assertEquals(3, pages, "pages of " + RedisStore.PAGE + " entries");
        assertEquals(x.get(x.size() - 1).compareTo(first.upTo()) <= 0, true);
    }

    @Test
    void anAppendRedisAnswersTooLateIsUnconfirmedNotRefusedAndIsHeardOnceIfKept() throws Exception {
        var store = store(100);
        var heard = new CopyOnWriteArrayList<Event>();
        store.listen(heard::add);
        var busy = redis.busyFor(3 * TIMEOUT.toMillis());
        // Appended until one is not answered in time: the script has begun (those before it are kept and heard).
        var confirmed = new java.util.concurrent.atomic.AtomicInteger();
        var late = new java.util.concurrent.atomic.AtomicReference<StoreUnavailable>();
        await().atMost(WAIT).until(() -> {
            try {
                store.append(draft("x", "e" + confirmed.get()));
                confirmed.incrementAndGet();
                return false;
            } catch (StoreUnavailable e) {
                late.set(e);
                return true;
            }
        });
        assertTrue(late.get().unconfirmed(), "sent, not answered: it may be kept");
        busy.join(WAIT.toMillis());
        await().atMost(WAIT).until(() -> heard.size() == confirmed.get() + 1);
        assertEquals("e" + confirmed.get(), heard.get(confirmed.get()).data(),
                "Redis kept it once it was free: it was published after all, once");

        redis.stop();
        try {
            await().atMost(WAIT).until(() -> !store.up());
            var refused = assertThrows(StoreUnavailable.class, () -> store.append(draft("x", "refused")));
            assertFalse(refused.unconfirmed(), "never sent: certainly not kept");
        } finally {
            redis.startAgain();
        }
    }

    @Test
    void keepsTheLastEventsAndSaysWhenAResumeReachesPastThem() {
        var store = store(5);
        var ids = new ArrayList<EventId>();
        for (int i = 0; i < 8; i++) {
            ids.add(store.append(draft("x", String.valueOf(i))).id());
        }
        var fromFirst = Replays.all(store, ids.get(0), Set.of(new Topic("x")));
        assertTrue(fromFirst.truncated(), "1 and 2 are gone");
        assertEquals(List.of("3", "4", "5", "6", "7"), data(fromFirst.events()));

        var fromKept = Replays.all(store, ids.get(3), Set.of(new Topic("x")));
        assertFalse(fromKept.truncated(), "everything after the client's id is kept");
        assertEquals(List.of("4", "5", "6", "7"), data(fromKept.events()));
        assertTrue(Replays.all(store, new EventId(1, 0), Set.of(new Topic("x"))).truncated());
    }

    @Test
    void whileRedisIsDownAppendsFailFastReplaysWaitAndAfterwardsEveryInstanceGoesOnWithNothingLostOrTwice()
            throws Exception {
        var a = store(100);
        var b = store(100);
        var heardByB = new CopyOnWriteArrayList<Event>();
        b.listen(heardByB::add);
        var before = a.append(draft("x", "before"));
        await().atMost(WAIT).until(() -> heardByB.size() == 1);

        redis.stop();
        java.util.concurrent.CompletableFuture<Page> page;
        try {
            await().atMost(WAIT).until(() -> !a.up() && !b.up());
            long started = System.nanoTime();
            assertThrows(StoreUnavailable.class, () -> a.append(draft("x", "refused")));
            long tookMillis = Duration.ofNanos(System.nanoTime() - started).toMillis();
            assertTrue(tookMillis < TIMEOUT.toMillis() + 500, "failed within the timeout: " + tookMillis + " ms");
            // A resume meanwhile is not refused: its page waits for Redis.
            page = b.replay(new EventId(before.id().millis() - 1, 0), Set.of(new Topic("x"))).next().toCompletableFuture();
            await().during(Duration.ofMillis(3 * TIMEOUT.toMillis())).atMost(WAIT).until(() -> !page.isDone());
        } finally {
            redis.startAgain();
        }
        await().atMost(WAIT).until(() -> a.up() && b.up());
        assertEquals(List.of(before), page.get(WAIT.toSeconds(), java.util.concurrent.TimeUnit.SECONDS).events(),
                "read once Redis is back");
        var after = a.append(draft("x", "after"));
        await().atMost(WAIT).until(() -> heardByB.size() >= 2);
        assertEquals(List.of(before, after), heardByB);
    }

    @Test
    void anInstanceCutOffFromRedisCatchesUpOnWhatOthersPublishedMeanwhileOnceAndInOrder() throws Exception {
        var a = store(100);
        try (var partition = partition()) {
            var b = storeBehind(partition, 100);
            var heardByB = new CopyOnWriteArrayList<Event>();
            b.listen(heardByB::add);
            var before = a.append(draft("x", "before"));
            await().atMost(WAIT).until(() -> heardByB.size() == 1);

            partition.block();
            await().atMost(WAIT).until(() -> !b.up());
            var meanwhile = List.of(a.append(draft("x", "m1")), a.append(draft("y", "m2")), a.append(draft("x", "m3")));
            assertThrows(StoreUnavailable.class, () -> b.append(draft("x", "from the cut-off one")));

            partition.unblock();
            await().atMost(WAIT).until(b::up);
            var after = a.append(draft("x", "after"));
            await().atMost(WAIT).until(() -> heardByB.contains(after));
            var expected = new ArrayList<>(List.of(before));
            expected.addAll(meanwhile);
            expected.add(after);
            assertEquals(expected, heardByB);
        }
    }

    @Test
    void anInstanceThatFindsEntriesTrimmedBeforeItReadThemSaysSoInOrderWithTheEvents() throws Exception {
        var a = store(5);
        try (var partition = partition()) {
            var b = storeBehind(partition, 5);
            var heardByB = new CopyOnWriteArrayList<String>();
            b.listen(event -> heardByB.add(event.data()));
            b.listenForGaps(after -> heardByB.add("gap after " + after));
            var before = a.append(draft("x", "before"));
            await().atMost(WAIT).until(() -> heardByB.size() == 1);

            partition.block();
            await().atMost(WAIT).until(() -> !b.up());
            for (int i = 0; i < 12; i++) {
                a.append(draft("x", "m" + i)); // the stream keeps 5: m0 to m6 are trimmed before b can read them
            }
            partition.unblock();
            await().atMost(WAIT).until(() -> heardByB.contains("m11"));
            assertEquals(List.of("before", "gap after " + before.id(), "m7", "m8", "m9", "m10", "m11"), heardByB);
        }
    }

    @Test
    void anInstanceThatCatchesUpWithoutATrimReportsNoGap() throws Exception {
        var a = store(100);
        try (var partition = partition()) {
            var b = storeBehind(partition, 100);
            var gaps = new CopyOnWriteArrayList<EventId>();
            var heard = new CopyOnWriteArrayList<Event>();
            b.listen(heard::add);
            b.listenForGaps(gaps::add);
            partition.block();
            await().atMost(WAIT).until(() -> !b.up());
            a.append(draft("x", "m"));
            partition.unblock();
            await().atMost(WAIT).until(() -> heard.size() == 1);
            assertTrue(gaps.isEmpty(), "nothing was trimmed: " + gaps);
        }
    }

    @Test
    void anInstanceThatStartsWhileRedisIsDownServesOnceRedisIsBack() throws Exception {
        redis.stop();
        RedisStore late;
        try {
            late = new RedisStore(redis.url(), key, 100, Duration.ofHours(1), TIMEOUT, Clock.systemUTC());
            stores.add(late);
            assertFalse(late.up());
            assertThrows(StoreUnavailable.class, () -> late.append(draft("x", "too early")));
        } finally {
            redis.startAgain();
        }
        var heard = new CopyOnWriteArrayList<Event>();
        late.listen(heard::add);
        await().atMost(WAIT).until(late::up);
        var event = late.append(draft("x", "now"));
        await().atMost(WAIT).until(() -> !heard.isEmpty());
        assertEquals(List.of(event), heard);
    }
}
