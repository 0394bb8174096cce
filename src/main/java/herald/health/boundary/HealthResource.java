package herald.health.boundary;

import herald.app.control.Herald;
import jakarta.json.Json;
import jakarta.servlet.ServletContext;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;

/** {@code GET /health}: whether Herald is up, and how many streams are open. */
@Path("health")
public class HealthResource {

    @Context
    ServletContext servletContext;

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public String health() {
        var herald = Herald.from(servletContext);
        return Json.createObjectBuilder()
                .add("status", "UP")
                .add("clients", herald.subscribers().count())
                .add("executor", herald.scheduler().kind())
                .build()
                .toString();
    }
}
