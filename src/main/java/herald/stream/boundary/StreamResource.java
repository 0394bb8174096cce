package herald.stream.boundary;

import herald.app.control.Herald;
import herald.app.control.Rejection;
import herald.event.entity.EventId;
import herald.event.entity.Topic;
import jakarta.json.Json;
import jakarta.servlet.ServletContext;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.sse.Sse;
import jakarta.ws.rs.sse.SseEventSink;

import java.io.InputStream;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * {@code /stream}: {@code GET} subscribes to topics and resumes after {@code Last-Event-ID};
 * {@code POST} publishes. Response headers of the stream are set by {@link StreamHeaders}.
 */
@Path("stream")
public class StreamResource {

    @Context
    ServletContext servletContext;

    @GET
    @Produces(MediaType.SERVER_SENT_EVENTS)
    public void subscribe(@Context SseEventSink sink, @Context Sse sse,
                          @QueryParam("topic") List<String> topicNames,
                          @HeaderParam("Last-Event-ID") String lastEventIdHeader,
                          @QueryParam("lastEventId") String lastEventIdParameter) {
        var herald = Herald.from(servletContext);
        var topics = topics(topicNames, herald.config().maxTopicsPerStream());
        // A browser cannot set the header on its first request, hence the parameter; on a reconnect it
        // sends the header with a newer id while the URL still holds the old one, so the header wins.
        var lastEventId = present(lastEventIdHeader) ? lastEventIdHeader : lastEventIdParameter;
        herald.hub().subscribe(sse, sink, topics,
                present(lastEventId) ? EventId.parse(lastEventId) : null, Instant.now());
    }

    @POST
    @Produces(MediaType.APPLICATION_JSON)
    public Response publish(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization,
                            @HeaderParam(HttpHeaders.CONTENT_TYPE) String contentType,
                            @HeaderParam(HttpHeaders.CONTENT_LENGTH) Long contentLength,
                            InputStream body) {
        var event = Herald.from(servletContext).publisher()
                .publish(authorization, contentType, contentLength == null ? -1 : contentLength, body);
        return Response.accepted(Json.createObjectBuilder().add("id", event.id().toString()).build().toString())
                .type(MediaType.APPLICATION_JSON_TYPE)
                .build();
    }

    static Set<Topic> topics(List<String> names, int max) {
        if (names == null || names.isEmpty()) {
            return Set.of(Topic.DEFAULT);
        }
        if (names.size() > max) {
            throw Rejection.badRequest("too_many_topics", "a stream takes at most " + max + " topics");
        }
        var topics = new LinkedHashSet<Topic>();
        for (var name : names) {
            topics.add(new Topic(name));
        }
        return topics;
    }

    private static boolean present(String text) {
        return text != null && !text.isEmpty();
    }
}
