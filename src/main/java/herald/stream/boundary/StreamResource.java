package herald.stream.boundary;

import herald.app.control.Herald;
import jakarta.servlet.ServletContext;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.sse.Sse;
import jakarta.ws.rs.sse.SseEventSink;

import java.time.Instant;

/** {@code GET /stream}: the event stream. Response headers are set by {@link StreamHeaders}. */
@Path("stream")
public class StreamResource {

    @Context
    ServletContext servletContext;

    @GET
    @Produces(MediaType.SERVER_SENT_EVENTS)
    public void subscribe(@Context SseEventSink sink, @Context Sse sse) {
        Herald.from(servletContext).subscribers().register(sse, sink, Instant.now());
    }
}
