package herald.stream.control;

import herald.testing.LoopbackJetty;
import jakarta.servlet.AsyncContext;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
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

    /** Hands the pool a task that waits on a client, then another, and sees that one run beside it. */
    void runBesideOneThatWaits() throws InterruptedException {
        var waiting = new CountDownLatch(1);
        var ran = new CountDownLatch(1);
        delivery.execute(waitsOnAClient(waiting));
        assertTrue(waiting.await(5, TimeUnit.SECONDS));
        delivery.execute(ran::countDown);
        assertTrue(ran.await(5, TimeUnit.SECONDS), "the next task ran beside the waiting one");
    }

    @Test
    void aThreadWaitingOnAClientDoesNotHoldTheOtherStreams() throws InterruptedException {
        delivery = Delivery.whileSendsWait("test-send", 1, 3, watch);
        runBesideOneThatWaits();
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
        runBesideOneThatWaits();
        release.countDown();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(Delivery.SPARE_SECONDS + 5);
        while (delivery.threads() > 1 && System.nanoTime() < deadline) {
            Thread.sleep(Delivery.WATCH_MILLIS);
        }
        assertEquals(1, delivery.threads());
    }

    /**
     * On a real container (embedded Jetty, as {@code mvn jetty:run}'s): a send's blocking write to a client that never
     * reads parks its thread, as the watch expects, and the pool's other task runs beside it.
     */
    @Test
    void aContainersWriteThatWaitsOnAClientLetsTheOtherStreamsGoOn() throws Exception {
        var async = new CompletableFuture<AsyncContext>();
        var servlet = new HttpServlet() {
            @Override
            protected void doGet(HttpServletRequest request, HttpServletResponse response) {
                response.setContentType("text/event-stream");
                var started = request.startAsync();
                started.setTimeout(0);
                async.complete(started);
            }
        };
        try (var jetty = LoopbackJetty.serving(Map.of("/stream", servlet)); var client = new Socket()) {
            client.setReceiveBufferSize(4096);
            client.connect(new InetSocketAddress("127.0.0.1", jetty.port()));
            client.getOutputStream().write("GET /stream HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"
                    .getBytes(StandardCharsets.US_ASCII));
            var output = async.get(10, TimeUnit.SECONDS).getResponse().getOutputStream();
            delivery = Delivery.whileSendsWait("test-send", 1, 3, watch);
            var writing = new CountDownLatch(1);
            var written = new CountDownLatch(1);
            var ran = new CountDownLatch(1);
            delivery.execute(() -> {
                writing.countDown();
                var frame = ("data: " + "x".repeat(1000) + "\n\n").getBytes(StandardCharsets.UTF_8);
                try {
                    // 64 MB: far more than the socket buffers hold for a client that takes nothing.
                    for (int i = 0; i < 64 * 1024; i++) {
                        output.write(frame);
                        output.flush();
                    }
                    written.countDown();
                } catch (IOException gone) {
                    // the client is closed at the end of the test
                }
            });
            assertTrue(writing.await(5, TimeUnit.SECONDS));
            delivery.execute(ran::countDown);
            assertTrue(ran.await(10, TimeUnit.SECONDS), "the next task ran beside the write that waits");
            assertEquals(1, written.getCount(), "the write was still waiting on the client");
        }
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
