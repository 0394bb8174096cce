package herald.app.boundary;

import herald.app.control.Herald;
import herald.stream.boundary.CommitWithFirstBytes;
import herald.stream.control.Transport;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;

/**
 * Serves the REST endpoints at the application's root ({@code POST /stream}, {@code /health},
 * {@code /metrics}, and {@code GET /stream} unless the servlet transport serves it) by forwarding them to
 * the Jakarta REST application under {@link HeraldApplication#PATH}. Only standard
 * servlet dispatch, so that it works the same under Jersey and RESTEasy, and the default servlet
 * keeps serving the page and its welcome file.
 */
public class RootPaths extends HttpFilter {

    @Override
    protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        var forwarded = response;
        if ("/stream".equals(request.getServletPath()) && "GET".equals(request.getMethod())) {
            var herald = Herald.from(getServletContext());
            if (herald.transport() == Transport.SERVLET) {
                chain.doFilter(request, response);
                return;
            }
            if (herald.writesBeneathSink()) {
                // The platform's sink writes the response itself (Jersey's): it is given one whose headers go out with
                // the stream's first frames, not by themselves.
                forwarded = new CommitWithFirstBytes(response);
            }
        }
        request.getRequestDispatcher(HeraldApplication.PATH + request.getServletPath()).forward(request, forwarded);
    }
}
