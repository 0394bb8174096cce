package herald.stream.boundary;

import herald.testing.LoopbackJetty;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * On a real container (embedded Jetty, as {@code mvn jetty:run}'s): a flush before any byte leaves the response
 * uncommitted, and the first bytes commit it; without the wrapper the same flush commits it.
 */
class CommitWithFirstBytesTest {

    LoopbackJetty jetty;
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
        jetty = LoopbackJetty.serving(Map.of("/wrapped", new Writes(true), "/plain", new Writes(false)));
    }

    @AfterEach
    void stop() throws Exception {
        jetty.close();
    }

    String get(String path) throws Exception {
        var response = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(jetty.uri(path)).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString());
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
