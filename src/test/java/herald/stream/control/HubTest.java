package herald.stream.control;

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
                () -> hub.subscribe(Set.of(Topic.DEFAULT), null, Instant.now(), () -> {
                    throw new AssertionError("no output is made for a refused stream");
                }));
        assertEquals(503, refused.status());
        assertEquals("shutting_down", refused.code());
        assertEquals(0, hub.count());
    }

    @Test
    void aStreamWhoseOutputEndedBeforeItStartedIsClosedAndNotCounted() {
        var closes = new ArrayList<String>();
        hub.subscribe(Set.of(Topic.DEFAULT), null, Instant.now(), () -> new Output() {
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
            public void flush() {
            }

            @Override
            public void close() {
                closes.add("closed");
            }
        });
        assertEquals(0, hub.count(), "nothing escaped, and the stream is not counted as open");
        assertTrue(!closes.isEmpty());
    }
}
