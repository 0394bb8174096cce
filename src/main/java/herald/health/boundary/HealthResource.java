package herald.health.boundary;

import herald.app.control.Herald;
import jakarta.json.Json;
import jakarta.servlet.ServletContext;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;

/** {@code GET /health}: whether Herald is up, its open streams, where its ticker runs, and its history. */
@Path("health")
public class HealthResource {

    @Context
    ServletContext servletContext;

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public String health() {
        var herald = Herald.from(servletContext);
        var topics = Json.createObjectBuilder();
        int history = 0;
        for (var entry : herald.store().sizes().entrySet()) {
            topics.add(entry.getKey().name(), entry.getValue());
            history += entry.getValue();
        }
        return Json.createObjectBuilder()
                .add("status", "UP")
                .add("clients", herald.hub().count())
                .add("executor", herald.scheduler().kind())
                .add("history", history)
                .add("topics", topics)
                .build()
                .toString();
    }
}
