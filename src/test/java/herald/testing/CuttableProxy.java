package herald.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A TCP relay on a free loopback port in front of a server under test (Herald, or Redis), whose
 * connections the test can cut at once, as a network drop or a restarting load balancer would, or
 * keep cut for a while, as a network partition would.
 */
public final class CuttableProxy implements AutoCloseable {

    private final ServerSocket server;
    private final InetSocketAddress target;
    private final String path;
    private final Set<Socket> sockets = ConcurrentHashMap.newKeySet();
    private volatile boolean blocked;

    /** In front of {@code host:port} of any TCP server. */
    public CuttableProxy(String host, int port) throws IOException {
        this(URI.create("tcp://" + host + ":" + port + "/"));
    }

    public CuttableProxy(URI targetBase) throws IOException {
        this.target = new InetSocketAddress(targetBase.getHost(), targetBase.getPort());
        this.path = targetBase.getPath();
        this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        var acceptor = new Thread(this::accept, "proxy-accept");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    /** The base URL through the proxy: the target's, with the proxy's port. */
    public URI base() {
        return URI.create("http://127.0.0.1:" + server.getLocalPort() + path);
    }

    /** Cuts every connection open now; new ones are relayed as before. */
    public void cut() {
        for (var socket : sockets) {
            close(socket);
        }
    }

    /** The port the proxy listens on, on 127.0.0.1. */
    public int port() {
        return server.getLocalPort();
    }

    /** Cuts every connection, and closes each new one at once until {@link #unblock}. */
    public void block() {
        blocked = true;
        cut();
    }

    public void unblock() {
        blocked = false;
    }

    @Override
    public void close() {
        close(server);
        cut();
    }

    private void accept() {
        while (!server.isClosed()) {
            try {
                var client = server.accept();
                if (blocked) {
                    close(client);
                    continue;
                }
                var upstream = new Socket(target.getAddress(), target.getPort());
                sockets.add(client);
                sockets.add(upstream);
                pump(client, upstream);
                pump(upstream, client);
            } catch (IOException closed) {
                return;
            }
        }
    }

    private void pump(Socket from, Socket to) {
        var thread = new Thread(() -> {
            try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
                in.transferTo(out);
            } catch (IOException ended) {
                // cut, or closed by either side
            } finally {
                close(from);
                close(to);
            }
        }, "proxy-pump");
        thread.setDaemon(true);
        thread.start();
    }

    private void close(java.io.Closeable closeable) {
        try {
            closeable.close();
        } catch (IOException ignored) {
            // closing is all that is wanted
        }
        if (closeable instanceof Socket socket) {
            sockets.remove(socket);
        }
    }
}
