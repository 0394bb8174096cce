package herald.stream.control;

import herald.app.control.NamedThreads;

import java.time.Duration;
import java.util.concurrent.Executor;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * The threads that write to the streams: a fixed number, whatever the number of clients. Writes
 * never block (see {@link Output}), so about one thread per core keeps every stream going.
 */
public final class Delivery implements Executor, AutoCloseable {

    private final NamedThreads threads = new NamedThreads("herald-delivery");
    private final ThreadPoolExecutor pool;

    public Delivery(int size) {
        pool = new ThreadPoolExecutor(size, size, 60, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), threads);
    }

    @Override
    public void execute(Runnable task) {
        pool.execute(task);
    }

    /** Lets what is queued finish for a moment, then stops every thread: an undeploy leaves none behind. */
    @Override
    public void close() {
        pool.shutdown();
        try {
            if (!pool.awaitTermination(2, TimeUnit.SECONDS)) {
                pool.shutdownNow();
                pool.awaitTermination(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            pool.shutdownNow();
            Thread.currentThread().interrupt();
        }
        threads.join(Duration.ofSeconds(5));
    }
}
