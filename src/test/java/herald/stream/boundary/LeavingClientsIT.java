package herald.stream.boundary;

import herald.testing.Deployed;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Part 8: a client that leaves gives its connection back. Herald dropping the stream is not enough: the container
 * keeps an asynchronous request, its connection and its file descriptor, until the application completes it, so a
 * server that forgot to would refuse every connection once its descriptors ran out (it did, on the servlet
 * transport, after about 20,000 clients had come and gone).
 *
 * <p>Runs where the container is in this JVM (the embedded Jetty runs), which lets it count the server's sockets in
 * {@code /proc/self/fd}.
 */
@EnabledIfSystemProperty(named = "it.container", matches = "jetty|jetty-servlet")
class LeavingClientsIT extends Deployed {

    static final int CLIENTS = 40;
    static final Duration WAIT = Duration.ofSeconds(15);

    @BeforeEach
    void noClientsLeftFromOtherTests() {
        await().atMost(WAIT).until(() -> herald.clients() == 0);
    }

    @Test
    void theConnectionsOfClientsThatLeftAreClosed() throws IOException {
        long before = openSockets();
        var sockets = new ArrayList<Socket>();
        try {
            for (int i = 0; i < CLIENTS; i++) {
                sockets.add(subscribe());
            }
            await().atMost(WAIT).until(() -> herald.clients() == CLIENTS);
        } finally {
            // Half leave with a reset, as a crashed browser or a dropped network does, half with an orderly close.
            for (int i = 0; i < sockets.size(); i++) {
                if (i % 2 == 0) {
                    sockets.get(i).setSoLinger(true, 0);
                }
                sockets.get(i).close();
            }
        }
        await().atMost(WAIT).until(() -> herald.clients() == 0);
        // The test's own HTTP client may hold a connection or two more than before; the server, none.
        await().atMost(WAIT).untilAsserted(() -> {
            long after = openSockets();
            assertTrue(after <= before + 4, "sockets open before: " + before + ", after: " + after);
        });
    }

    Socket subscribe() throws IOException {
        var url = herald.uri("stream?topic=leaving");
        var socket = new Socket();
        socket.connect(new InetSocketAddress(url.getHost(), url.getPort()), 5_000);
        socket.setSoTimeout(10_000);
        socket.getOutputStream().write(("GET " + url.getRawPath() + "?" + url.getRawQuery() + " HTTP/1.1\r\n"
                + "Host: " + url.getHost() + ":" + url.getPort() + "\r\nAccept: text/event-stream\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII));
        readUntil(socket.getInputStream(), "event: connecttime");
        return socket;
    }

    static void readUntil(InputStream in, String text) throws IOException {
        var seen = new StringBuilder();
        while (seen.indexOf(text) < 0) {
            int b = in.read();
            if (b < 0) {
                throw new IOException("the stream ended before " + text + ": " + seen);
            }
            seen.append((char) b);
        }
    }

    /** Sockets this JVM holds open: the test's and, the container being in this JVM, the server's. */
    static long openSockets() throws IOException {
        try (var fds = Files.list(Path.of("/proc/self/fd"))) {
            return fds.filter(fd -> {
                try {
                    return Files.readSymbolicLink(fd).toString().startsWith("socket:");
                } catch (IOException closedMeanwhile) {
                    return false;
                }
            }).count();
        }
    }
}
