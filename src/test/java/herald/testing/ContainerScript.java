package herald.testing;

import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs one of the build's own scripts ({@code src/test/containers/*.sh}): the same way of starting and stopping
 * Tomcat and Redis for the build and for the tests that start their own. Its output goes to a log file, not to
 * the test JVM's own output, which the build reads as its channel.
 */
public final class ContainerScript {

    private ContainerScript() {
    }

    /** {@code src/test/containers/<name>.sh}, from the project's folder (where the build runs the tests). */
    public static Path named(String name) {
        return Path.of("src", "test", "containers", name + ".sh");
    }

    /** Runs {@code script arguments…}, appending its output to {@code log}; fails the test unless it ends with 0. */
    public static void run(Path script, List<String> arguments, File log, Duration timeout) {
        var command = new ArrayList<>(List.of("bash", script.toString()));
        command.addAll(arguments);
        try {
            var process = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log)).start();
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                throw new AssertionError(script.getFileName() + " " + arguments.get(0) + " took over " + timeout);
            }
            if (process.exitValue() != 0) {
                throw new AssertionError(script.getFileName() + " " + arguments.get(0) + " failed ("
                        + process.exitValue() + "); see " + log);
            }
        } catch (IOException e) {
            throw new AssertionError("cannot run " + script, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
