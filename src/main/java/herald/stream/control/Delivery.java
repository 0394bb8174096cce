package herald.stream.control;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The threads that write to the streams: a fixed number, whatever the number of clients. Writes
 * never block (see {@link Output}), so about one thread per core keeps every stream going.
 */
public final class Delivery {

    private Delivery() {
    }

    public static ExecutorService start(int threads) {
        var counter = new AtomicInteger();
        return new ThreadPoolExecutor(threads, threads, 60, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), runnable -> {
            var thread = new Thread(runnable, "herald-delivery-" + counter.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
    }

    /** Lets what is queued finish for a moment, then stops every thread: an undeploy leaves none behind. */
    public static void stop(ExecutorService executor) {
        executor.shutdown();
        try {
            if (!executor.awaitTermination(2, TimeUnit.SECONDS)) {
                executor.shutdownNow();
                executor.awaitTermination(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            executor.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }
}
