package herald.publish.boundary;

import herald.app.control.Herald;
import jakarta.inject.Singleton;
import jakarta.json.Json;
import jakarta.servlet.ServletContext;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import java.io.InputStream;

/** {@code POST /stream}: publishes one event, answering {@code 202 {"id":"…"}}. */
@Path("stream")
@Singleton
public class PublishResource {

    // One instance for every request, as StreamResource: no instance and no field injection per event published.
    @POST
    @Produces(MediaType.APPLICATION_JSON)
    public Response publish(@Context ServletContext servletContext,
                            @HeaderParam(HttpHeaders.AUTHORIZATION) String authorization,
                            @HeaderParam(HttpHeaders.CONTENT_TYPE) String contentType,
                            @HeaderParam(HttpHeaders.CONTENT_LENGTH) Long contentLength,
                            InputStream body) {
        var event = Herald.from(servletContext).publisher()
                .publish(authorization, contentType, contentLength == null ? -1 : contentLength, body);
        return Response.accepted(Json.createObjectBuilder().add("id", event.id().toString()).build().toString())
                .type(MediaType.APPLICATION_JSON_TYPE)
                .build();
    }
}
