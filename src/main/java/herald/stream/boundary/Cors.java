package herald.stream.boundary;

import herald.app.control.Herald;
import herald.base.Rejection;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;
import java.net.URI;

/**
 * Cross-origin subscribing, for the origins listed in {@code herald.cors.origins} only (none by
 * default: same origin only). An allowed origin is echoed exactly, never {@code *}, since
 * {@code withCredentials} streams need the exact origin with {@code Allow-Credentials}. A
 * {@code Last-Event-ID} a page sets makes the browser ask first (a preflight), answered here.
 *
 * <p>A stream asked for by any other origin's page is refused with 403 before it is opened: its page could
 * not read it anyway, and opened, it would hold a connection and count against {@code herald.maxClients}
 * (a foreign page could use its visitors' browsers to fill the server). A request without {@code Origin},
 * or from the page's own origin (its host is the request's {@code Host}), goes on.
 */
public class Cors extends HttpFilter {

    @Override
    protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        // Whether and how this is answered depends on Origin: caches must not serve one origin's answer to another.
        response.addHeader("Vary", "Origin");
        var origin = request.getHeader("Origin");
        if (origin == null || sameOrigin(request, origin)) {
            chain.doFilter(request, response);
            return;
        }
        if (!Herald.from(getServletContext()).config().corsOrigins().contains(origin)) {
            if ("POST".equals(request.getMethod())) {
                chain.doFilter(request, response); // publishers are servers; a foreign page cannot read the answer
            } else {
                StreamServlet.refuse(response, new Rejection(403, "forbidden_origin",
                        "streams are not served to pages of " + origin + " (see herald.cors.origins)", null));
            }
            return;
        }
        response.setHeader("Access-Control-Allow-Origin", origin);
        response.setHeader("Access-Control-Allow-Credentials", "true");
        response.addHeader("Vary", "Origin");
        if ("OPTIONS".equals(request.getMethod()) && request.getHeader("Access-Control-Request-Method") != null) {
            response.setHeader("Access-Control-Allow-Methods", "GET");
            response.setHeader("Access-Control-Allow-Headers", "Last-Event-ID, Cache-Control");
            response.setHeader("Access-Control-Max-Age", "600");
            response.setStatus(HttpServletResponse.SC_NO_CONTENT);
            return;
        }
        chain.doFilter(request, response);
    }

    /** The page's own origin: same host and port as the request (the scheme may differ behind a TLS proxy). */
    static boolean sameOrigin(HttpServletRequest request, String origin) {
        String authority;
        try {
            authority = URI.create(origin).getRawAuthority();
        } catch (IllegalArgumentException malformed) {
            return false;
        }
        var host = request.getHeader("Host");
        return authority != null && host != null && authority.equalsIgnoreCase(host);
    }
}
