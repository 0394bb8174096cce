package herald.stream.boundary;

import herald.app.control.Herald;
import herald.base.Rejection;
import herald.stream.control.SinkOutput;
import herald.stream.control.StreamRequest;
import jakarta.inject.Singleton;
import jakarta.servlet.ServletContext;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.sse.Sse;
import jakarta.ws.rs.sse.SseEventSink;

import java.time.Instant;
import java.util.List;

/**
 * {@code GET /stream}: subscribes to topics ({@code ?topic=a&topic=b}) and resumes after {@code Last-Event-ID}.
 *
 * <p>The Jakarta REST shape: each stream's sink is registered with the application's one
 * {@code SseBroadcaster}, made by {@link Sse#newBroadcaster()}, through which the ticker broadcasts the
 * date and published events reach the streams. What is registered is Herald's own sink wrapping the
 * injected one ({@code StreamSink}): it holds live events while the replay is written, keeps a bounded
 * queue, keeps one send in flight and cuts off a client that makes no progress, so that no client can
 * hold the broadcaster. On Jersey, whose sink writes to the servlet response with blocking I/O, the injected sink
 * commits the response with the stream's first frame, and the later frames are written to that response directly
 * ({@link ServletResponseStream}), without Jersey's work around each event, and the stream ends there too: the sink,
 * and with it Jersey's whole request, is let go once it has committed the response. With
 * {@code herald.stream.transport=servlet} (and on RESTEasy, see {@code Transport}) {@link StreamServlet} serves the
 * same stream instead.
 */
@Path("stream")
@Singleton
public class StreamResource {

    /**
     * Makes the application's broadcasters, once: the resource is one instance for every request, made at its first
     * request, and {@link Sse} is the application's, not a request's, so it is injected here, where the specification's
     * own example takes it, rather than resolved again for every stream.
     */
    public StreamResource(@Context Sse sse, @Context ServletContext servletContext) {
        Herald.from(servletContext).broadcast().ifPresent(broadcast -> broadcast.attach(sse));
    }

    // What each request needs is passed to the method rather than injected into fields (a burst of connecting clients
    // then costs no instance and no field injection per stream: on Jersey, creating and injecting the resource was a
    // sixth of the allocation of a burst of 10,000 connects, BENCHMARKS.md run 17), and only what cannot be had
    // otherwise: each {@code @Context} parameter is a lookup in the platform's request scope (on Jersey about 3% of
    // what a connect allocates, each; run 22). The servlet context and the response are reached from the request.
    @GET
    @Produces(MediaType.SERVER_SENT_EVENTS)
    public void subscribe(@Context SseEventSink sink, @Context HttpServletRequest request,
                          @QueryParam("topic") List<String> topics,
                          @HeaderParam(HttpHeaders.LAST_EVENT_ID_HEADER) String lastEventIdHeader,
                          @QueryParam("lastEventId") String lastEventIdParameter) {
        var herald = Herald.from(request.getServletContext());
        var broadcast = herald.broadcast().orElseThrow(() -> new Rejection(404, "not_found",
                "streams are served by the servlet transport here: GET /stream", null));
        var asked = StreamRequest.of(topics, lastEventIdHeader, lastEventIdParameter,
                herald.config().maxTopicsPerStream());
        var grant = herald.access().subscriber(StreamToken.of(request), asked.topics());
        // Injecting the sink has made the request asynchronous (Jersey's and RESTEasy's servlet containers do): its
        // context holds the response the platform writes to, beneath the sink, and its end is where writing must stop.
        if (!request.isAsyncStarted()) {
            throw new IllegalStateException("the platform injected an SseEventSink without an asynchronous request");
        }
        var async = request.getAsyncContext();
        StreamHeaders.apply((HttpServletResponse) async.getResponse());
        var beneath = herald.writesBeneathSink() ? ServletResponseStream.of(async) : null;
        var output = new SinkOutput(sink, beneath, herald.delivery());
        async.addListener(new RequestEnd(output::requestEnded));
        // The platform commits the response with the first send: the stream writes its first frames on this thread,
        // before the method returns.
        herald.hub().subscribe(asked.topics(), asked.lastEventId(), grant, Instant.now(), () -> output);
    }
}
