package floor;

import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.FormParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.sse.Sse;
import jakarta.ws.rs.sse.SseBroadcaster;
import jakarta.ws.rs.sse.SseEventSink;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The peer's contract in the Jakarta REST shape as the specification shows it, and nothing else: each
 * {@link SseEventSink} is sent {@code connecttime} and the date, then registered with one {@link SseBroadcaster},
 * through which one ticker broadcasts the date every second and {@code POST /jersey/stream} an event's data.
 * {@code GET /jersey/health} counts the registered sinks. No topics, no history, no limits: what a stream costs
 * through Jersey on this Jetty before any application does anything with it.
 */
@Path("")
@Singleton
public class JerseyStream {

    private final Sse sse;
    private final SseBroadcaster broadcaster;
    private final Set<SseEventSink> sinks = ConcurrentHashMap.newKeySet();
    private final AtomicLong ids = new AtomicLong();
    private final ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor();

    public JerseyStream(@Context Sse sse) {
        this.sse = sse;
        this.broadcaster = sse.newBroadcaster();
        broadcaster.onClose(sinks::remove);
        broadcaster.onError((sink, error) -> {
            sinks.remove(sink);
            sink.close();
        });
        ticker.scheduleAtFixedRate(() -> broadcaster.broadcast(sse.newEvent(Dates.now())), 1, 1, TimeUnit.SECONDS);
    }

    @GET
    @Path("stream")
    @Produces(MediaType.SERVER_SENT_EVENTS)
    public void subscribe(@Context SseEventSink sink) {
        var now = Dates.now();
        sink.send(sse.newEventBuilder().name("connecttime").reconnectDelay(10_000).data(now).build());
        sink.send(sse.newEvent(now));
        sinks.add(sink);
        broadcaster.register(sink);
    }

    @POST
    @Path("stream")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @Produces(MediaType.APPLICATION_JSON)
    public Response publish(@HeaderParam("Authorization") String authorization, @FormParam("data") String data) {
        if (!"Bearer dev".equals(authorization)) {
            return Response.status(Response.Status.UNAUTHORIZED).build();
        }
        var id = Long.toString(ids.incrementAndGet());
        broadcaster.broadcast(sse.newEventBuilder().id(id).data(data).build());
        return Response.accepted("{\"id\":\"" + id + "\"}").build();
    }

    @GET
    @Path("health")
    @Produces(MediaType.APPLICATION_JSON)
    public String health() {
        return "{\"status\":\"UP\",\"clients\":" + sinks.size() + "}";
    }

    @PreDestroy
    void stop() {
        ticker.shutdownNow();
        broadcaster.close();
    }
}
