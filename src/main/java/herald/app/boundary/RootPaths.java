package herald.app.boundary;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;

/**
 * Serves the REST endpoints at the application's root ({@code /stream}, {@code /health}, …) by
 * forwarding them to the Jakarta REST application under {@link HeraldApplication#PATH}. Only
 * standard servlet dispatch, so that it works the same under Jersey and RESTEasy, and the default
 * servlet keeps serving the page and its welcome file.
 */
public class RootPaths extends HttpFilter {

    @Override
    protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        request.getRequestDispatcher(HeraldApplication.PATH + request.getServletPath())
                .forward(request, response);
    }
}
