package herald.ticker.control;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SchedulerTest {

    @Test
    void withoutAManagedExecutorItRunsItsOwnAndLeavesNoThreadBehind() {
        var scheduler = Scheduler.lookup();
        assertEquals("own", scheduler.kind());
        scheduler.executor().execute(() -> { });
        scheduler.close();
        assertTrue(scheduler.executor().isTerminated(), "our own executor has ended with close()");
        assertTrue(Thread.getAllStackTraces().keySet().stream()
                .noneMatch(thread -> thread.getName().startsWith("herald-ticker") && thread.isAlive()),
                "no herald-ticker thread left");
    }
}
