package herald.stream.control;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DeliveryTest {

    final ScheduledExecutorService watch = Executors.newSingleThreadScheduledExecutor();
    final CountDownLatch release = new CountDownLatch(1);
    Delivery delivery;

    @AfterEach
    void stop() {
        release.countDown();
        if (delivery != null) {
            delivery.close();
        }
        watch.shutdownNow();
    }

    /** What a send that waits on a client looks like to the pool: its thread parked, as in a container's write. */
    Runnable waitsOnAClient(CountDownLatch started) {
        return () -> {
            started.countDown();
            try {
                release.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        };
    }

    @Test
    void aThreadWaitingOnAClientDoesNotHoldTheOtherStreams() throws InterruptedException {
        delivery = Delivery.whileSendsWait("test-send", 1, 3, watch);
        var waiting = new CountDownLatch(1);
        var ran = new CountDownLatch(1);
        delivery.execute(waitsOnAClient(waiting));
        assertTrue(waiting.await(5, TimeUnit.SECONDS));
        delivery.execute(ran::countDown);
        assertTrue(ran.await(5, TimeUnit.SECONDS), "the next task ran beside the waiting one");
        assertEquals(2, delivery.threads());
    }

    @Test
    void aThreadAtWorkIsNotCountedAsWaiting() throws InterruptedException {
        delivery = Delivery.whileSendsWait("test-send", 1, 3, watch);
        var busyEnded = new AtomicLong();
        var nextStarted = new AtomicLong();
        var ran = new CountDownLatch(1);
        delivery.execute(() -> {
            // Runnable all along, as a thread writing to sockets that take the bytes: 30 of the watch's looks.
            long until = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(30 * Delivery.WATCH_MILLIS);
            while (System.nanoTime() < until) {
                Thread.onSpinWait();
            }
            busyEnded.set(System.nanoTime());
        });
        delivery.execute(() -> {
            nextStarted.set(System.nanoTime());
            ran.countDown();
        });
        assertTrue(ran.await(5, TimeUnit.SECONDS));
        assertTrue(nextStarted.get() >= busyEnded.get(), "the next task waited for the one thread there is");
        assertEquals(1, delivery.threads());
    }

    @Test
    void noMoreThreadsThanTheBound() throws InterruptedException {
        delivery = Delivery.whileSendsWait("test-send", 1, 2, watch);
        var waiting = new CountDownLatch(2);
        var ran = new CountDownLatch(1);
        delivery.execute(waitsOnAClient(waiting));
        delivery.execute(waitsOnAClient(waiting));
        assertTrue(waiting.await(5, TimeUnit.SECONDS), "the second waiting task got a thread of its own");
        delivery.execute(ran::countDown);
        assertFalse(ran.await(30 * Delivery.WATCH_MILLIS, TimeUnit.MILLISECONDS), "a third thread was started");
        assertEquals(2, delivery.threads());
        release.countDown();
        assertTrue(ran.await(5, TimeUnit.SECONDS), "the task ran once a thread was free");
    }

    @Test
    void aThreadTooManyEndsOnceNothingWaits() throws InterruptedException {
        delivery = Delivery.whileSendsWait("test-send", 1, 3, watch);
        var waiting = new CountDownLatch(1);
        var ran = new CountDownLatch(1);
        delivery.execute(waitsOnAClient(waiting));
        assertTrue(waiting.await(5, TimeUnit.SECONDS));
        delivery.execute(ran::countDown);
        assertTrue(ran.await(5, TimeUnit.SECONDS));
        release.countDown();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(Delivery.SPARE_SECONDS + 5);
        while (delivery.threads() > 1 && System.nanoTime() < deadline) {
            Thread.sleep(Delivery.WATCH_MILLIS);
        }
        assertEquals(1, delivery.threads());
    }

    @Test
    void closeLeavesNoThread() throws InterruptedException {
        delivery = Delivery.whileSendsWait("test-send", 1, 3, watch);
        var waiting = new CountDownLatch(1);
        delivery.execute(waitsOnAClient(waiting));
        assertTrue(waiting.await(5, TimeUnit.SECONDS));
        release.countDown();
        delivery.close();
        assertEquals(0, delivery.threads());
        delivery = null;
    }
}
