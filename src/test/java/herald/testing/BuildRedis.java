package herald.testing;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The redis-server the build started for the Redis pair ({@code it.redis.*}), stopped and started again (same port,
 * same append-only file) with the build's own script, as an outage.
 */
public final class BuildRedis {

    private BuildRedis() {
    }

    public static String url() {
        return "redis://127.0.0.1:" + System.getProperty("it.redis.port");
    }

    public static void stop() {
        run("stop");
    }

    public static void start() {
        run("start");
    }

    private static void run(String action) {
        var command = new ArrayList<>(List.of("bash", System.getProperty("it.redis.script"), action));
        if (action.equals("start")) {
            command.add(System.getProperty("it.redis.port"));
        }
        command.add(System.getProperty("it.redis.work"));
        try {
            // Not to the test JVM's own output, which the build reads as its channel.
            var log = new java.io.File(System.getProperty("it.redis.work") + "-script.log");
            var process = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log)).start();
            assertTrue(process.waitFor(30, TimeUnit.SECONDS), "redis.sh " + action + " took too long");
            assertEquals(0, process.exitValue(), "redis.sh " + action);
        } catch (IOException e) {
            throw new AssertionError("redis.sh " + action, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
