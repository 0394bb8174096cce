package herald.stream.control;

import herald.base.NamedThreads;

import java.time.Duration;
import java.util.concurrent.Executor;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * Herald's own threads that write to the streams, a number that does not follow the number of clients: the ones that
 * drive non-blocking output ({@code herald-delivery}; writes never block, see {@link Output}, so about one per core
 * keeps every stream going), and the ones that run a platform sink's blocking sends ({@code herald-send}, see
 * {@link SinkOutput}). Tasks wait in an unbounded queue, whose length is bounded by the number of streams: each has at
 * most one task queued.
 *
 * <p>Where a send blocks ({@link #whileSendsWait}), a thread whose write waits on a client that stopped reading is
 * held until the time rule cuts that client off ({@code herald.client.writeTimeoutSeconds}), and the other streams must
 * not wait with it. A pool as large as the number of clients that may stall at once did that, but while a tick reached
 * 10,000 streams all its threads were runnable at once, 32 on 2 cores, and took the cores from each other and from
 * everything else (BENCHMARKS.md run 24). So this pool runs as many threads as there are cores, and a watch looks every
 * {@value #WATCH_MILLIS} ms at the threads that are running a task: one that is not runnable (parked in the container's
 * blocking write) is not counted as running, and the pool is let have one more thread for it, up to a bound; once it
 * runs again, a thread too many ends when it has found nothing to do for {@value #SPARE_SECONDS} s. Thread safe.
 *
 * <p>The watch's period is what the other streams wait each time the pool's threads are all held: when several
 * clients stop reading at once, their buffers fill in the same fan-out and the pool's threads block one round after
 * another. Every 10 ms, ten stalled clients among 2,000 added about 45 ms to the event that filled their buffers
 * (BENCHMARKS.md run 30); a look costs a glance at a few threads' states.
 */
public final class Delivery implements Executor, AutoCloseable {

    static final long WATCH_MILLIS = 2;
    static final long SPARE_SECONDS = 1;

    private final NamedThreads threads;
    private final ThreadPoolExecutor pool;
    private final int running;
    private final ScheduledFuture<?> watch;

    /** A fixed pool of {@code size} threads that never wait on a client: {@code herald-delivery}. */
    public Delivery(int size) {
        this("herald-delivery", size);
    }

    /** A fixed pool of {@code size} threads. */
    public Delivery(String name, int size) {
        threads = new NamedThreads(name);
        pool = new ThreadPoolExecutor(size, size, 60, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), threads);
        running = size;
        watch = null;
    }

    /**
     * A pool for tasks that may wait on a client: {@code running} threads at work, and one more for each that waits,
     * up to {@code most} in all, watched on {@code watchOn}.
     */
    public static Delivery whileSendsWait(String name, int running, int most, ScheduledExecutorService watchOn) {
        return new Delivery(name, running, most, watchOn);
    }

    private Delivery(String name, int running, int most, ScheduledExecutorService watchOn) {
        if (running < 1 || most < running) {
            throw new IllegalArgumentException("running " + running + ", most " + most);
        }
        this.running = running;
        threads = new NamedThreads(name, Worker::new);
        pool = new Pool(running, most, threads);
        watch = watchOn.scheduleWithFixedDelay(this::watch, WATCH_MILLIS, WATCH_MILLIS, TimeUnit.MILLISECONDS);
    }

    @Override
    public void execute(Runnable task) {
        pool.execute(task);
    }

    /** How many threads the pool has now, at work or idle. */
    int threads() {
        return pool.getPoolSize();
    }

    /**
     * Lets the pool have a thread more for each of its threads held by a task without running: a write waiting on a
     * client (the containers' blocking writes park the thread until the client takes bytes). A thread blocked for a
     * moment on a lock may be counted too; it only starts a thread that ends again once it finds nothing to do.
     */
    private void watch() {
        try {
            int waiting = 0;
            for (var thread : threads.made()) {
                if (thread instanceof Worker worker && worker.inTask && worker.getState() != Thread.State.RUNNABLE) {
                    waiting++;
                }
            }
            int wanted = Math.min(pool.getMaximumPoolSize(), running + waiting);
            if (wanted != pool.getCorePoolSize()) {
                // Raised, the pool starts threads at once for the tasks that wait; lowered, a thread too many ends
                // once it has been idle for SPARE_SECONDS.
                pool.setCorePoolSize(wanted);
            }
        } catch (RuntimeException e) {
            // A periodic task that throws is never run again, and a pool no longer watched would let a few stalled
            // clients hold every stream: keep watching.
            System.getLogger(Delivery.class.getName()).log(System.Logger.Level.WARNING, "watch failed", e);
        }
    }

    /** Lets what is queued finish for a moment, then stops every thread: an undeploy leaves none behind. */
    @Override
    public void close() {
        if (watch != null) {
            watch.cancel(false);
        }
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

    /** A thread of a watched pool, which marks the time it spends in a task. */
    private static final class Worker extends Thread {

        volatile boolean inTask;

        Worker(Runnable runnable, String name) {
            super(runnable, name);
        }
    }

    private static final class Pool extends ThreadPoolExecutor {

        Pool(int running, int most, NamedThreads threads) {
            super(running, most, SPARE_SECONDS, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), threads);
        }

        @Override
        protected void beforeExecute(Thread thread, Runnable task) {
            ((Worker) thread).inTask = true;
        }

        @Override
        protected void afterExecute(Runnable task, Throwable failed) {
            ((Worker) Thread.currentThread()).inTask = false;
        }
    }
}
