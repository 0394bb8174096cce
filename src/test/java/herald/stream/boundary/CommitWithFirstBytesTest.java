package herald.stream.boundary;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * On a real container (embedded Jetty, as {@code mvn jetty:run}'s): a flush before any byte leaves the response
 * uncommitted, and the first bytes commit it; without the wrapper the same flush commits it.
 */
class CommitWithFirstBytesTest {

    Server server;
    final List<String> seen = new CopyOnWriteArrayList<>();

    /** Writes as Jersey writes a stream's first chunk: a flush with nothing in it, then the bytes and a flush. */
    final class Writes extends HttpServlet {
        final boolean wrapped;

        Writes(boolean wrapped) {
            this.wrapped = wrapped;
        }

        @Override
        protected void doGet(HttpServletRequest request, HttpServletResponse container) throws IOException {
            var response = wrapped ? new CommitWithFirstBytes(container) : container;
            response.setContentType("text/event-stream");
            response.getOutputStream().flush();
            seen.add("after an empty flush, committed: " + container.isCommitted());
            response.getOutputStream().write("data: first\n\n".getBytes(StandardCharsets.UTF_8));
            response.getOutputStream().flush();
            seen.add("after the first bytes, committed: " + container.isCommitted());
        }
    }

    @BeforeEach
    void start() throws Exception {
        server = new Server();
        var connector = new ServerConnector(server);
        connector.setHost("127.0.0.1");
        connector.setPort(0);
        server.addConnector(connector);
        var context = new ServletContextHandler();
        context.addServlet(new ServletHolder(new Writes(true)), "/wrapped");
        context.addServlet(new ServletHolder(new Writes(false)), "/plain");
        server.setHandler(context);
        server.start();
    }

    @AfterEach
    void stop() throws Exception {
        server.stop();
    }

    String get(String path) throws Exception {
        var port = ((ServerConnector) server.getConnectors()[0]).getLocalPort();
        var response = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).timeout(Duration.ofSeconds(10))
                        .build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, response.statusCode());
        assertEquals("text/event-stream", response.headers().firstValue("Content-Type").orElseThrow());
        return response.body();
    }

    @Test
    void aFlushBeforeAnyByteLeavesTheResponseToBeCommittedWithTheFirstBytes() throws Exception {
        assertEquals("data: first\n\n", get("/wrapped"));
        assertEquals(List.of("after an empty flush, committed: false", "after the first bytes, committed: true"),
                seen);
    }

    @Test
    void withoutItThatFlushCommitsTheResponseByItself() throws Exception {
        assertEquals("data: first\n\n", get("/plain"));
        assertEquals(List.of("after an empty flush, committed: true", "after the first bytes, committed: true"),
                seen);
    }
}
