package herald.app.boundary;

import herald.app.control.Herald;
import herald.stream.boundary.CommitWithFirstBytes;
import herald.stream.boundary.OwnAttributes;
import herald.stream.control.Transport;
import jakarta.servlet.FilterChain;
import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Serves the REST endpoints at the application's root ({@code POST /stream}, {@code /health},
 * {@code /metrics}, and {@code GET /stream} unless the servlet transport serves it) by forwarding them to
 * the Jakarta REST application under {@link HeraldApplication#PATH}. Only standard
 * servlet dispatch, so that it works the same under Jersey and RESTEasy, and the default servlet
 * keeps serving the page and its welcome file.
 *
 * <p>One dispatcher per path, made at its first request and shared by every request after it (a
 * {@code RequestDispatcher} keeps no state of a request's: Tomcat's, Jetty's and Undertow's hold their target only).
 * A dispatcher of its own for each request cost every {@code jaxrs} stream about 260 bytes for its whole life on
 * Jetty, whose forwarded request keeps its dispatcher, the dispatcher's parsed URI and the joined path (BENCHMARKS.md
 * run 31). The map holds one entry per path this filter is mapped to in {@code web.xml}.
 */
public class RootPaths extends HttpFilter {

    private final Map<String, RequestDispatcher> dispatchers = new ConcurrentHashMap<>();

    @Override
    protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        var forwardedRequest = request;
        var forwardedResponse = response;
        if ("/stream".equals(request.getServletPath()) && "GET".equals(request.getMethod())) {
            var herald = Herald.from(getServletContext());
            if (herald.transport() == Transport.SERVLET) {
                chain.doFilter(request, response);
                return;
            }
            if (herald.writesBeneathSink()) {
                // The platform's sink writes the response itself (Jersey's): it is given one whose headers go out with
                // the stream's first frames, not by themselves.
                forwardedResponse = new CommitWithFirstBytes(response);
                // The attributes the platform sets on a stream's request are kept out of the container's request,
                // which would otherwise keep a map for them for the stream's whole life (see OwnAttributes).
                forwardedRequest = new OwnAttributes(request);
            }
        }
        dispatchers.computeIfAbsent(request.getServletPath(),
                        path -> getServletContext().getRequestDispatcher(HeraldApplication.PATH + path))
                .forward(forwardedRequest, forwardedResponse);
    }
}
