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
import java.time.Duration;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.BiConsumer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * On a real container's request (embedded Jetty, as {@code mvn jetty:run}'s): what is set through the wrapper stays in
 * it, what the container held before stays readable and removable through it.
 */
class OwnAttributesTest {

    LoopbackJetty jetty;
    volatile BiConsumer<HttpServletRequest, OwnAttributes> check;
    volatile Throwable failed;

    final class Checks extends HttpServlet {
        @Override
        protected void doGet(HttpServletRequest container, HttpServletResponse response) throws IOException {
            try {
                container.setAttribute("before", "container's");
                check.accept(container, new OwnAttributes(container));
            } catch (Throwable e) {
                failed = e;
            }
            response.setStatus(204);
        }
    }

    @BeforeEach
    void start() throws Exception {
        jetty = LoopbackJetty.serving(Map.of("/*", new Checks()));
    }

    @AfterEach
    void stop() throws Exception {
        jetty.close();
    }

    void check(BiConsumer<HttpServletRequest, OwnAttributes> check) throws Throwable {
        this.check = check;
        var response = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(jetty.uri("/check")).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.discarding());
        assertEquals(204, response.statusCode());
        if (failed != null) {
            throw failed;
        }
    }

    static List<String> names(HttpServletRequest request) {
        return List.copyOf(new TreeSet<>(Collections.list(request.getAttributeNames())));
    }

    @Test
    void whatIsSetThroughItStaysInIt() throws Throwable {
        check((container, own) -> {
            var before = names(container);
            own.setAttribute("jersey", 1);
            own.setAttribute("other", 2);
            own.setAttribute("jersey", 3);
            assertEquals(3, own.getAttribute("jersey"));
            assertEquals(2, own.getAttribute("other"));
            assertNull(container.getAttribute("jersey"));
            assertEquals(before, names(container));
        });
    }

    @Test
    void theContainersAttributesAreReadThroughItAndShadowedByItsOwn() throws Throwable {
        check((container, own) -> {
            assertEquals("container's", own.getAttribute("before"));
            own.setAttribute("before", "own");
            assertEquals("own", own.getAttribute("before"));
            assertEquals("container's", container.getAttribute("before"));
            own.setAttribute("mine", "x");
            var expected = new TreeSet<>(names(container));
            expected.add("mine");
            assertEquals(List.copyOf(expected), names(own));
        });
    }

    @Test
    void removingTakesItsOwnFirstThenTheContainers() throws Throwable {
        check((container, own) -> {
            own.setAttribute("before", "own");
            own.setAttribute("a", 1);
            own.setAttribute("b", 2);
            own.removeAttribute("a");
            assertNull(own.getAttribute("a"));
            assertEquals(2, own.getAttribute("b"));
            own.setAttribute("before", null); // the same as removing it
            assertEquals("container's", own.getAttribute("before"));
            own.removeAttribute("before");
            assertNull(own.getAttribute("before"));
            assertNull(container.getAttribute("before"));
        });
    }

    @Test
    void anAttributeNeedsAName() throws Throwable {
        check((container, own) -> assertThrows(IllegalArgumentException.class, () -> own.setAttribute(null, 1)));
    }
}
