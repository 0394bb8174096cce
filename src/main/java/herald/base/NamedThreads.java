package herald.base;

import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Herald's own threads: named, daemon, and remembered, so that an undeploy can wait until each has
 * really ended. An executor reports itself terminated a moment before its last thread has died,
 * and Tomcat, checking right then, would report that thread as left behind.
 */
public final class NamedThreads implements ThreadFactory {

    private final String name;
    private final AtomicInteger count = new AtomicInteger();
    private final Set<Thread> threads = ConcurrentHashMap.newKeySet();

    public NamedThreads(String name) {
        this.name = name;
    }

    @Override
    public Thread newThread(Runnable runnable) {
        var thread = new Thread(runnable, name + "-" + count.incrementAndGet());
        thread.setDaemon(true);
        threads.add(thread);
        return thread;
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
