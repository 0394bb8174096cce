package herald.app.boundary;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;

/**
 * Serves the REST endpoints at the application's root ({@code POST /stream}, {@code /health},
 * {@code /metrics}) by forwarding them to the Jakarta REST application under
 * {@link HeraldApplication#PATH}; {@code GET /stream} goes on to the stream servlet. Only standard
 * servlet dispatch, so that it works the same under Jersey and RESTEasy, and the default servlet
 * keeps serving the page and its welcome file.
 */
public class RootPaths extends HttpFilter {

    @Override
    protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        if ("/stream".equals(request.getServletPath()) && "GET".equals(request.getMethod())) {
            chain.doFilter(request, response);
            return;
        }
        request.getRequestDispatcher(HeraldApplication.PATH + request.getServletPath())
                .forward(request, response);
    }
}
