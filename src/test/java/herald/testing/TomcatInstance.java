package herald.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A Tomcat with Herald that a test starts, kills hard and starts again itself, with the build's own script
 * ({@code src/test/containers/tomcat.sh}) and Tomcat zip: on 127.0.0.1 and free ports, the same ones after a
 * restart. Stopped by {@link #close}; the build stops it too ({@code stop-instances}), should the test's JVM die.
 */
public final class TomcatInstance implements AutoCloseable {

    private final Path work;
    private final int port;
    private final int shutdownPort;
    private final String options;

    public TomcatInstance(String name, String options) {
        this.work = Target.containers().resolve("instances").resolve(name);
        try {
            Files.createDirectories(work.getParent());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        this.port = freePort();
        this.shutdownPort = freePort();
        this.options = options;
    }

    /** Herald's root on this instance. */
    public URI base() {
        return URI.create("http://127.0.0.1:" + port + "/herald/");
    }

    /** Herald on this instance, as its clients see it. */
    public HeraldClient client() {
        return new HeraldClient(base());
    }

    /** Starts Tomcat (from its zip, afresh) and returns once Herald answers. */
    public void start() {
        script(List.of("start", Target.containers().resolve("dist/tomcat.zip").toString(), work.toString(),
                String.valueOf(port), String.valueOf(shutdownPort), Target.war().toString(), "herald", options));
    }

    /** Kills the JVM with SIGKILL: no shutdown hook, no undeploy, sockets left to the kernel. */
    public void kill() {
        try {
            long pid = Long.parseLong(Files.readString(work.resolve("tomcat.pid")).trim());
            var process = ProcessHandle.of(pid).orElseThrow(() -> new AssertionError("Tomcat " + pid + " is not running"));
            process.destroyForcibly();
            process.onExit().get(30, TimeUnit.SECONDS);
            Files.delete(work.resolve("tomcat.pid"));
        } catch (Exception e) {
            throw new AssertionError("could not kill Tomcat in " + work, e);
        }
    }

    @Override
    public void close() {
        script(List.of("stop", work.toString()));
    }

    private void script(List<String> arguments) {
        ContainerScript.run(ContainerScript.named("tomcat"), arguments,
                work.resolveSibling(work.getFileName() + "-script.log").toFile(), Duration.ofSeconds(180));
    }

    private static int freePort() {
        try (var probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return probe.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
