package herald.base;

import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiFunction;

/**
 * Herald's own threads: named, daemon, and remembered, so that an undeploy can wait until each has
 * really ended. An executor reports itself terminated a moment before its last thread has died,
 * and Tomcat, checking right then, would report that thread as left behind.
 */
public final class NamedThreads implements ThreadFactory {

    private final String name;
    private final BiFunction<Runnable, String, ? extends Thread> make;
    private final AtomicInteger count = new AtomicInteger();
    private final Set<Thread> threads = ConcurrentHashMap.newKeySet();

    public NamedThreads(String name) {
        this(name, Thread::new);
    }

    /** @param make makes a thread of the caller's own kind, from what it runs and its name */
    public NamedThreads(String name, BiFunction<Runnable, String, ? extends Thread> make) {
        this.name = name;
        this.make = make;
    }

    @Override
    public Thread newThread(Runnable runnable) {
        // A pool that lets idle threads go makes new ones for as long as it runs: forget those that have ended.
        threads.removeIf(made -> made.getState() == Thread.State.TERMINATED);
        var thread = make.apply(runnable, name + "-" + count.incrementAndGet());
        thread.setDaemon(true);
        threads.add(thread);
        return thread;
    }

    /** The threads made here, as they are made and forgotten: some may have ended. */
    public Set<Thread> made() {
        return Collections.unmodifiableSet(threads);
    }

    /** Waits, up to the timeout in all, for every thread made here to end. */
    public void join(Duration timeout) {
        var deadline = Instant.now().plus(timeout);
        for (var thread : threads) {
            long left = Duration.between(Instant.now(), deadline).toMillis();
            if (left <= 0) {
                return;
            }
            try {
                thread.join(left);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}
