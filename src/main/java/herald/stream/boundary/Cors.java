package herald.stream.boundary;

import herald.app.control.Herald;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;

/**
 * Cross-origin subscribing, for the origins listed in {@code herald.cors.origins} only (none by
 * default: same origin only). An allowed origin is echoed exactly, never {@code *}, since
 * {@code withCredentials} streams need the exact origin with {@code Allow-Credentials}. A
 * {@code Last-Event-ID} a page sets makes the browser ask first (a preflight), answered here.
 */
public class Cors extends HttpFilter {

    @Override
    protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        var origin = request.getHeader("Origin");
        if (origin == null || !Herald.from(getServletContext()).config().corsOrigins().contains(origin)) {
            chain.doFilter(request, response);
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
}
