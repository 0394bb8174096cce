package herald.app.boundary;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;

/**
 * Security headers on every answer. The page runs only its own scripts and styles and talks only to its own
 * origin: an event's data is shown as text, but should a bug ever let some into the page as markup, the
 * browser still runs none of it and sends nothing elsewhere. {@code nosniff} keeps a browser from running a
 * JSON answer or an event stream as a script or a style.
 */
public class PageHeaders extends HttpFilter {

    static final String POLICY = "default-src 'none'; script-src 'self'; worker-src 'self'; style-src 'self'; "
            + "connect-src 'self'; img-src 'self'; manifest-src 'self'; form-action 'self'; base-uri 'none'; "
            + "frame-ancestors 'none'";

    @Override
    protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        response.setHeader("Content-Security-Policy", POLICY);
        response.setHeader("X-Content-Type-Options", "nosniff");
        chain.doFilter(request, response);
    }
}
