package herald.metrics.boundary;

import herald.app.control.Herald;
import jakarta.inject.Singleton;
import jakarta.servlet.ServletContext;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.StreamingOutput;

/** {@code GET /metrics}: Prometheus text format. */
@Path("metrics")
@Singleton
public class MetricsResource {

    @GET
    public Response metrics(@Context ServletContext servletContext) {
        var metrics = Herald.from(servletContext).metrics();
        StreamingOutput body = metrics::write;
        return Response.ok(body).header("Content-Type", herald.metrics.control.Metrics.CONTENT_TYPE).build();
    }
}
