package herald.stream.boundary;

import herald.access.control.Bearer;
import jakarta.servlet.http.HttpServletRequest;

/**
 * The token a {@code GET /stream} presents, wherever its client can put one: {@code Authorization: Bearer} (clients
 * that set headers), the cookie {@code herald_token} (browsers: an {@code EventSource} cannot set headers, but sends
 * the origin's cookies, and cross-origin ones with {@code withCredentials}), or {@code ?access_token=} (the last
 * resort, since URLs end up in logs: Herald never logs or echoes it). First found, in that order.
 */
final class StreamToken {

    static final String COOKIE = "herald_token";
    static final String PARAMETER = "access_token";

    private StreamToken() {
    }

    /** The token, or null when the request has none. */
    static String of(HttpServletRequest request) {
        var bearer = Bearer.of(request.getHeader("Authorization"));
        if (bearer != null) {
            return bearer;
        }
        // Only a request with cookies is asked for them: Jetty parses on the first call even a request with none, and
        // keeps the parse with the request, for as long as the stream is open (BENCHMARKS.md run 27).
        var cookies = request.getHeader("Cookie") == null ? null : request.getCookies();
        if (cookies != null) {
            for (var cookie : cookies) {
                if (COOKIE.equals(cookie.getName()) && !cookie.getValue().isEmpty()) {
                    return cookie.getValue();
                }
            }
        }
        // Likewise, only a request with a query string is asked for its parameters (a stream's token is never in a
        // body): a forwarded request on Jetty otherwise merges and keeps an empty parameter map for each stream.
        var parameter = request.getQueryString() == null ? null : request.getParameter(PARAMETER);
        return parameter == null || parameter.isEmpty() ? null : parameter;
    }
}
