package herald.testing;

import java.io.File;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

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
        var arguments = new java.util.ArrayList<>(List.of(action));
        if (action.equals("start")) {
            arguments.add(System.getProperty("it.redis.port"));
        }
        var work = Target.containers().resolve("redis");
        arguments.add(work.toString());
        ContainerScript.run(ContainerScript.named("redis"), arguments, new File(work + "-script.log"), Duration.ofSeconds(30));
    }
}
