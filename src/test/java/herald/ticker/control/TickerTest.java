package herald.ticker.control;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TickerTest {

    final Scheduler scheduler = Scheduler.own();

    @AfterEach
    void close() {
        scheduler.close();
    }

    @Test
    void firstTickComesAtTheNextWholeSecond() {
        assertEquals(1000, Ticker.initialDelayMillis(5_000, 1000));
        assertEquals(1, Ticker.initialDelayMillis(5_999, 1000));
        assertEquals(877, Ticker.initialDelayMillis(1_732_000_000_123L, 1000));
    }

    @Test
    void ticksOnTheSecondUntilStopped() throws InterruptedException {
        List<Instant> ticks = new CopyOnWriteArrayList<>();
        var three = new CountDownLatch(3);
        var ticker = Ticker.start(scheduler.executor(), Clock.systemUTC(), now -> {
            ticks.add(now);
            three.countDown();
        });
        assertTrue(three.await(5, TimeUnit.SECONDS), "three ticks within five seconds");
        ticker.stop();
        int atStop = ticks.size();
        for (int i = 1; i < 3; i++) {
            long gap = ticks.get(i).toEpochMilli() - ticks.get(i - 1).toEpochMilli();
            assertTrue(gap > 800 && gap < 1200, "a second apart: " + ticks);
        }
        assertTrue(ticks.get(0).toEpochMilli() % 1000 < 200, "aligned on the second: " + ticks.get(0));
        // A stopped ticker stays stopped: the executor, shut down, would run nothing anyway; the count proves it.
        scheduler.close();
        assertEquals(atStop, ticks.size());
    }

    @Test
    void aFailingListenerDoesNotStopTheClock() throws InterruptedException {
        var two = new CountDownLatch(2);
        var ticker = Ticker.start(scheduler.executor(), Clock.systemUTC(), now -> {
            two.countDown();
            throw new IllegalStateException("one bad tick");
        });
        assertTrue(two.await(5, TimeUnit.SECONDS), "the tick after a failure still comes");
        ticker.stop();
    }
}
