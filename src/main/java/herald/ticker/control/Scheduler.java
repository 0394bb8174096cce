package herald.ticker.control;

import herald.base.NamedThreads;

import javax.naming.InitialContext;
import javax.naming.NamingException;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Where the ticker runs: the container's default managed scheduled executor where there is one
 * (Payara, WildFly), otherwise a single daemon thread of Herald's own (Jetty, Tomcat). Only the
 * executor Herald made is shut down on close: a managed one belongs to the container, which
 * refuses to have it shut down.
 */
public final class Scheduler implements AutoCloseable {

    static final String DEFAULT_MANAGED = "java:comp/DefaultManagedScheduledExecutorService";

    private final ScheduledExecutorService executor;
    private final NamedThreads threads;

    private Scheduler(ScheduledExecutorService executor, NamedThreads threads) {
        this.executor = executor;
        this.threads = threads;
    }

    public static Scheduler lookup() {
        try {
            var found = new InitialContext().lookup(DEFAULT_MANAGED);
            if (found instanceof ScheduledExecutorService managed) {
                return new Scheduler(managed, null);
            }
        } catch (NamingException | RuntimeException e) {
            // No JNDI or no managed executor in this container: fall through to our own.
        }
        return own();
    }

    static Scheduler own() {
        var threads = new NamedThreads("herald-ticker");
        return new Scheduler(Executors.newSingleThreadScheduledExecutor(threads), threads);
    }

    public ScheduledExecutorService executor() {
        return executor;
    }

    /** {@code "managed"} or {@code "own"}, as {@code /health} reports it. */
    public String kind() {
        return threads == null ? "managed" : "own";
    }

    @Override
    public void close() {
        if (threads == null) {
            return;
        }
        executor.shutdownNow();
        try {
            executor.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        // Tomcat warns of a thread the application left running: wait until ours has ended.
        threads.join(Duration.ofSeconds(5));
    }
}
