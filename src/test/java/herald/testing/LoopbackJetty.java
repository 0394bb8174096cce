package herald.testing;

import jakarta.servlet.http.HttpServlet;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;

import java.net.URI;
import java.util.Map;

/**
 * An embedded Jetty, the container of {@code mvn jetty:run}, on 127.0.0.1 and a free port, serving the given servlets
 * (asynchronous requests allowed): for tests of what Herald's servlet-side classes do with a real container's requests
 * and responses. Stopped by {@link #close()}.
 */
public final class LoopbackJetty implements AutoCloseable {

    private final Server server;
    private final ServerConnector connector;

    private LoopbackJetty(Server server, ServerConnector connector) {
        this.server = server;
        this.connector = connector;
    }

    /** @param servlets each servlet by its mapping, such as {@code "/stream"} or {@code "/*"} */
    public static LoopbackJetty serving(Map<String, ? extends HttpServlet> servlets) throws Exception {
        var server = new Server();
        var connector = new ServerConnector(server);
        connector.setHost("127.0.0.1");
        connector.setPort(0);
        server.addConnector(connector);
        var context = new ServletContextHandler();
        servlets.forEach((mapping, servlet) -> {
            var holder = new ServletHolder(servlet);
            holder.setAsyncSupported(true);
            context.addServlet(holder, mapping);
        });
        server.setHandler(context);
        try {
            server.start();
        } catch (Exception e) {
            server.stop();
            throw e;
        }
        return new LoopbackJetty(server, connector);
    }

    public int port() {
        return connector.getLocalPort();
    }

    public URI uri(String path) {
        return URI.create("http://127.0.0.1:" + port() + path);
    }

    @Override
    public void close() throws Exception {
        server.stop();
    }
}
