package herald.ticker.control;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * The one ticker of the application: a single periodic task that hands the current time to every
 * listener, instead of a timer per client (the tutorial's bug was a global timer that any leaving
 * client cleared for all). Ticks are aligned to the wall clock's second boundary, so that every
 * page's clock changes when the second does.
 */
public final class Ticker {

    public static final Duration PERIOD = Duration.ofSeconds(1);

    private final ScheduledFuture<?> task;

    private Ticker(ScheduledFuture<?> task) {
        this.task = task;
    }

    public static Ticker start(ScheduledExecutorService executor, Clock clock, Consumer<Instant> onTick) {
        long period = PERIOD.toMillis();
        long delay = initialDelayMillis(clock.millis(), period);
        Runnable tick = () -> {
            try {
                onTick.accept(clock.instant());
            } catch (RuntimeException e) {
                // A periodic task that throws is never run again: one bad tick must not stop the clock.
                System.getLogger(Ticker.class.getName()).log(System.Logger.Level.WARNING, "tick failed", e);
            }
        };
        return new Ticker(executor.scheduleAtFixedRate(tick, delay, period, TimeUnit.MILLISECONDS));
    }

    /** Milliseconds from {@code nowMillis} to the next multiple of {@code periodMillis}. */
    static long initialDelayMillis(long nowMillis, long periodMillis) {
        return periodMillis - Math.floorMod(nowMillis, periodMillis);
    }

    public void stop() {
        task.cancel(false);
    }
}
