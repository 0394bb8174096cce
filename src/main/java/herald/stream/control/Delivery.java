package herald.stream.control;

import herald.base.NamedThreads;

import java.time.Duration;
import java.util.concurrent.Executor;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * A fixed number of Herald's own threads, whatever the number of clients: the ones that write to the
 * streams ({@code herald-delivery}; writes never block, see {@link Output}, so about one per core keeps
 * every stream going), and the ones that run a platform sink's blocking sends ({@code herald-send}, see
 * {@link SinkOutput}). Tasks wait in an unbounded queue, whose length is bounded by the number of streams:
 * each has at most one task queued.
 */
public final class Delivery implements Executor, AutoCloseable {

    private final NamedThreads threads;
    private final ThreadPoolExecutor pool;

    public Delivery(int size) {
        this("herald-delivery", size);
    }

    public Delivery(String name, int size) {
        threads = new NamedThreads(name);
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
