package herald.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.awaitility.Awaitility.await;

/**
 * A real redis-server (Debian's package) for one test class, started as the build starts its own (the same script,
 * {@code src/test/containers/redis.sh}): on 127.0.0.1, a free port, persisted as the README advises for production
 * (append-only file, so a restart keeps the history),
 * stopped by {@link #close}. It can be stopped and started again on the same port, as an outage.
 */
public final class RedisServer implements AutoCloseable {

    private final int port;
    private final Path dir;

    private RedisServer(int port, Path dir) {
        this.port = port;
        this.dir = dir;
    }

    public static RedisServer start() throws IOException {
        int port;
        try (var probe = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = probe.getLocalPort();
        }
        var server = new RedisServer(port, Files.createTempDirectory("herald-redis"));
        server.startAgain();
        return server;
    }

    public String url() {
        return "redis://127.0.0.1:" + port;
    }

    /** Starts it with the build's own script (the same options as the Redis pair's), and waits until it answers. */
    public synchronized void startAgain() {
        ContainerScript.run(ContainerScript.named("redis"), List.of("start", String.valueOf(port), dir.toString()),
                dir.resolveSibling(dir.getFileName() + "-script.log").toFile(), Duration.ofSeconds(30));
        await().atMost(Duration.ofSeconds(10)).until(this::answers);
    }

    /** A graceful stop (its append-only file written), as the build stops its own. */
    public synchronized void stop() {
        ContainerScript.run(ContainerScript.named("redis"), List.of("stop", dir.toString()),
                dir.resolveSibling(dir.getFileName() + "-script.log").toFile(), Duration.ofSeconds(30));
    }

    /**
     * Keeps Redis busy (a script that runs for {@code millis}, during which it answers nobody) on a thread of its
     * own: a Redis slower than its clients' timeout. The returned thread ends with the script.
     */
    public Thread busyFor(long millis) {
        var script = "EVAL \"local t = redis.call('TIME') local s = t[1] * 1000000 + t[2] repeat t = redis.call('TIME')"
                + " until t[1] * 1000000 + t[2] - s > " + millis * 1000 + " return 1\" 0";
        var thread = new Thread(() -> {
            try {
                command(script, (int) millis + 5000);
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }, "redis-busy");
        thread.start();
        return thread;
    }

    /** Sends one command in Redis's inline form and returns the first line of the answer. */
    public String command(String inline) throws IOException {
        return command(inline, 2000);
    }

    private String command(String inline, int timeoutMillis) throws IOException {
        try (var socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 1000);
            socket.setSoTimeout(timeoutMillis);
            OutputStream out = socket.getOutputStream();
            out.write((inline + "\r\n").getBytes(StandardCharsets.UTF_8));
            out.flush();
            InputStream in = socket.getInputStream();
            var line = new StringBuilder();
            for (int b = in.read(); b >= 0 && b != '\n'; b = in.read()) {
                if (b != '\r') {
                    line.append((char) b);
                }
            }
            return line.toString();
        }
    }

    private boolean answers() {
        try {
            return command("PING").equals("+PONG");
        } catch (IOException e) {
            return false;
        }
    }

    @Override
    public void close() {
        stop();
    }
}
