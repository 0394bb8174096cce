package herald.stream.control;

import herald.access.entity.Grant;
import herald.base.Rejection;
import herald.config.control.Config;
import herald.event.entity.Topic;
import herald.history.control.MemoryStore;
import herald.metrics.control.Metrics;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class HubTest {

    final MemoryStore store = new MemoryStore(10, Duration.ofHours(1), Clock.systemUTC());
    final Hub hub = new Hub(Config.defaults(), store, new Metrics(), Runnable::run, new TopicSets());

    @Test
    void aSubscribeAfterCloseIsRefusedNotRegistered() {
        hub.close();
        var refused = assertThrows(Rejection.class,
                () -> hub.subscribe(Set.of(Topic.DEFAULT), null, Grant.NONE, Instant.now(), () -> {
                    throw new AssertionError("no output is made for a refused stream");
                }));
        assertEquals(503, refused.status());
        assertEquals("shutting_down", refused.code());
        assertEquals(0, hub.count());
    }

    @Test
    void aStreamWhoseOutputEndedBeforeItStartedIsClosedAndNotCounted() {
        var closes = new ArrayList<String>();
        hub.subscribe(Set.of(Topic.DEFAULT), null, Grant.NONE, Instant.now(), () -> new Output() {
            @Override
            public void start(Runnable onWritable, Runnable onGone) {
                throw new IllegalStateException("the response has ended");
            }

            @Override
            public boolean ready() {
                return false;
            }

            @Override
            public void write(Frame frame) {
            }

            @Override
            public boolean flush() {
                return true;
            }

            @Override
            public void close() {
                closes.add("closed");
            }
        });
        assertEquals(0, hub.count(), "nothing escaped, and the stream is not counted as open");
        assertTrue(!closes.isEmpty());
    }

    /** An output that takes every frame at once, recording what reached the wire. */
    static final class WireOutput implements Output {
        final StringBuilder wire = new StringBuilder();
        volatile boolean closed;

        @Override
        public void start(Runnable onWritable, Runnable onGone) {
        }

        @Override
        public boolean ready() {
            return !closed;
        }

        @Override
        public synchronized void write(Frame frame) {
            wire.append(new String(frame.bytes(), java.nio.charset.StandardCharsets.UTF_8));
        }

        @Override
        public boolean flush() {
            return true;
        }

        @Override
        public void close() {
            closed = true;
        }

        synchronized String text() {
            return wire.toString();
        }
    }

    static final Instant NOW = Instant.parse("2026-11-24T08:00:00Z");
    static final Topic NEWS = new Topic("news");

    static herald.event.entity.Event draft(Topic topic, String data) {
        return new herald.event.entity.Event(null, topic, "n", data);
    }

    @Test
    void aNewStreamIsGreetedWithWhereItStartsThenGetsWhatIsPublishedAfter() {
        var before = store.append(draft(NEWS, "before"));
        var output = new WireOutput();
        hub.subscribe(Set.of(NEWS), null, Grant.NONE, NOW, () -> output);
        store.append(draft(NEWS, "after"));
        var text = output.text();
        assertTrue(text.startsWith("event: connecttime\nid: " + before.id() + "\nretry: 10000\ndata: 2026-11-24T08:00:00.000Z\n\n"),
                text);
        assertTrue(!text.contains("data: before"), "what the store had is not owed to a new stream: " + text);
        assertTrue(text.endsWith("event: n\nid: " + store.last() + "\ndata: after\n\n"), text);
        assertEquals(1, hub.count());
    }

    @Test
    void aResumedStreamGetsWhatItMissedThenLiveEventsAndTheDefaultTopicItsDate() {
        var seen = store.append(draft(Topic.DEFAULT, "seen"));
        var missed = store.append(draft(Topic.DEFAULT, "missed"));
        var output = new WireOutput();
        hub.subscribe(Set.of(Topic.DEFAULT), seen.id(), Grant.NONE, NOW, () -> output);
        var live = store.append(draft(Topic.DEFAULT, "live"));
        assertEquals("event: connecttime\nretry: 10000\ndata: 2026-11-24T08:00:00.000Z\n\n"
                + "data: 2026-11-24T08:00:00.000Z\n\n"
                + "event: n\nid: " + missed.id() + "\ndata: missed\n\n"
                + "event: n\nid: " + live.id() + "\ndata: live\n\n", output.text());
    }

    @Test
    void aResumeFromAnIdTheStoreNeverGaveIsToldEventsMayBeMissingThenGetsLiveEvents() {
        var output = new WireOutput();
        var future = new herald.event.entity.EventId(NOW.toEpochMilli() + 3_600_000, 0);
        hub.subscribe(Set.of(NEWS), future, Grant.NONE, NOW, () -> output);
        var live = store.append(draft(NEWS, "live"));
        assertTrue(output.text().contains("event: history-truncated\ndata: {\"lastEventId\":\"" + future + "\"}\n\n"
                + "event: n\nid: " + live.id() + "\ndata: live\n\n"), output.text());
    }

    @Test
    void atTheClientLimitOneMoreIsRefusedWith503BeforeAnOutputIsMade() {
        var settings = java.util.Map.of("herald.maxClients", "2");
        var config = Config.from(new herald.config.control.Settings(settings::get, java.util.Map.of(), name -> null));
        var limited = new Hub(config, store, new Metrics(), Runnable::run, new TopicSets());
        limited.subscribe(Set.of(NEWS), null, Grant.NONE, NOW, WireOutput::new);
        limited.subscribe(Set.of(NEWS), null, Grant.NONE, NOW, WireOutput::new);
        var refused = assertThrows(Rejection.class, () -> limited.subscribe(Set.of(NEWS), null, Grant.NONE, NOW, () -> {
            throw new AssertionError("no output is made for a refused stream");
        }));
        assertEquals(503, refused.status());
        assertEquals("too_many_clients", refused.code());
        assertEquals("10", refused.headers().get("Retry-After"));
        assertEquals(2, limited.count());
    }
}
