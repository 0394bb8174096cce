package herald.stream.boundary;

import herald.app.control.Herald;
import herald.app.control.Rejection;
import herald.event.entity.EventId;
import herald.event.entity.InvalidEvent;
import herald.event.entity.Topic;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * {@code GET /stream}: subscribes to topics ({@code ?topic=a&topic=b}) and resumes after
 * {@code Last-Event-ID}. A servlet with non-blocking output rather than a Jakarta REST
 * {@code SseEventSink}: RESTEasy's sink rewrites the data it is given (runs of line breaks collapse,
 * so a payload's empty lines vanish) and Jersey's blocks a thread on every write to a slow client;
 * written here, every container sends the same bytes, made once per broadcast.
 */
public class StreamServlet extends HttpServlet {

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        var herald = Herald.from(getServletContext());
        try {
            var topics = topics(request.getParameterValues("topic"), herald.config().maxTopicsPerStream());
            // A browser cannot set the header on its first request, hence the parameter; on a reconnect it
            // sends the header with a newer id while the URL still holds the old one, so the header wins.
            var lastEventId = present(request.getHeader("Last-Event-ID"))
                    ? request.getHeader("Last-Event-ID")
                    : request.getParameter("lastEventId");
            herald.hub().subscribe(topics, present(lastEventId) ? EventId.parse(lastEventId) : null, Instant.now(),
                    () -> open(request, response, herald.config().streamBufferBytes()));
        } catch (InvalidEvent invalid) {
            refuse(response, Rejection.badRequest(invalid.code(), invalid.getMessage()));
        } catch (Rejection rejection) {
            refuse(response, rejection);
        }
    }

    private static ServletOutput open(HttpServletRequest request, HttpServletResponse response, int bufferBytes) {
        response.setStatus(HttpServletResponse.SC_OK);
        response.setContentType("text/event-stream");
        response.setCharacterEncoding(StandardCharsets.UTF_8.name());
        // An event must reach the client at once, never from a cache.
        response.setHeader("Cache-Control", "no-cache");
        // nginx buffers proxied responses unless told not to; a buffered stream arrives in batches.
        response.setHeader("X-Accel-Buffering", "no");
        // The container keeps a response buffer for each open stream, for as long as it is open (Jetty: 32 KB of
        // direct memory by default, 320 MB for 10,000 clients). Events are flushed as they come, so a small one
        // does; an event larger than it is written on its own, which costs more (see BENCHMARKS.md).
        if (bufferBytes > 0) {
            response.setBufferSize(bufferBytes);
        }
        var async = request.startAsync();
        // A stream lasts as long as its client: heartbeats find the ones that have gone.
        async.setTimeout(0);
        try {
            return new ServletOutput(async);
        } catch (IOException e) {
            async.complete();
            throw new UncheckedIOException(e);
        }
    }

    static Set<Topic> topics(String[] names, int max) {
        if (names == null || names.length == 0) {
            return Set.of(Topic.DEFAULT);
        }
        if (names.length > max) {
            throw Rejection.badRequest("too_many_topics", "a stream takes at most " + max + " topics");
        }
        var topics = new LinkedHashSet<Topic>();
        for (var name : names) {
            topics.add(new Topic(name));
        }
        return topics;
    }

    private static void refuse(HttpServletResponse response, Rejection rejection) throws IOException {
        response.setStatus(rejection.status());
        rejection.headers().forEach(response::setHeader);
        response.setContentType("application/json");
        response.setCharacterEncoding(StandardCharsets.UTF_8.name());
        response.getWriter().write(rejection.json());
    }

    private static boolean present(String text) {
        return text != null && !text.isEmpty();
    }
}
