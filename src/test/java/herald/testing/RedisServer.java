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
import java.util.concurrent.TimeUnit;

import static org.awaitility.Awaitility.await;

/**
 * A real redis-server (Debian's package) for one test class: on 127.0.0.1, a free port, persisted as the README
 * advises for production (append-only file, so a restart keeps the history),
 * stopped by {@link #close}. It can be stopped and started again on the same port, as an outage.
 */
public final class RedisServer implements AutoCloseable {

    private final int port;
    private final Path dir;
    private Process process;

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

    public synchronized void startAgain() throws IOException {
        process = new ProcessBuilder("redis-server", "--port", String.valueOf(port), "--bind", "127.0.0.1",
                "--save", "", "--appendonly", "yes", "--dir", dir.toString())
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve("redis.log").toFile())
                .start();
        await().atMost(Duration.ofSeconds(10)).until(this::answers);
    }

    public synchronized void stop() throws InterruptedException {
        if (process != null) {
            process.destroy();
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
            process = null;
        }
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
    public void close() throws InterruptedException {
        stop();
    }
}
