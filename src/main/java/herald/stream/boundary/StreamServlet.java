package herald.stream.boundary;

import herald.app.control.Herald;
import herald.base.Rejection;
import herald.stream.control.StreamRequest;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;

/**
 * {@code GET /stream} with {@code herald.stream.transport=servlet} (and {@code auto} on RESTEasy): the
 * same stream as {@link StreamResource}'s, written by a servlet with non-blocking output instead of a
 * Jakarta REST {@code SseEventSink}. No thread ever waits on a client, and the bytes of each frame, made
 * once per broadcast, go to every stream as they are: the path for the largest fan-outs, and for
 * RESTEasy, whose sink rewrites the data it is given (runs of line breaks collapse).
 */
public class StreamServlet extends HttpServlet {

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        var herald = Herald.from(getServletContext());
        try {
            var names = request.getParameterValues("topic");
            var asked = StreamRequest.of(names == null ? null : List.of(names), request.getHeader("Last-Event-ID"),
                    request.getParameter("lastEventId"), herald.config().maxTopicsPerStream());
            var grant = herald.access().subscriber(StreamToken.of(request), asked.topics());
            herald.hub().subscribe(asked.topics(), asked.lastEventId(), grant, Instant.now(),
                    () -> open(request, response));
        } catch (Rejection rejection) { // an invalid topic or id too (InvalidEvent)
            refuse(response, rejection);
        }
    }

    private static ServletOutput open(HttpServletRequest request, HttpServletResponse response) {
        response.setStatus(HttpServletResponse.SC_OK);
        response.setContentType("text/event-stream");
        response.setCharacterEncoding(StandardCharsets.UTF_8.name());
        StreamHeaders.apply(response);
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

    /** The servlet API's form of what {@code RejectionMapper} answers: the status, headers and body are the rejection's. */
    static void refuse(HttpServletResponse response, Rejection rejection) throws IOException {
        response.setStatus(rejection.status());
        rejection.headers().forEach(response::setHeader);
        response.setContentType("application/json");
        response.setCharacterEncoding(StandardCharsets.UTF_8.name());
        response.getWriter().write(rejection.json());
    }
}
