package herald.health.boundary;

import herald.app.control.Herald;
import jakarta.inject.Singleton;
import jakarta.json.Json;
import jakarta.servlet.ServletContext;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;

/** {@code GET /health}: whether Herald is up, its open streams, where its ticker runs, and its history. */
@Path("health")
@Singleton
public class HealthResource {

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public String health(@Context ServletContext servletContext) {
        var herald = Herald.from(servletContext);
        var store = herald.store();
        var health = Json.createObjectBuilder()
                // Degraded, not down: streams stay open and keep ticking while the store is away.
                .add("status", store.up() ? "UP" : "DEGRADED")
                .add("clients", herald.hub().count())
                .add("executor", herald.scheduler().kind())
                .add("transport", herald.transport().label())
                .add("store", store.kind());
        if (store.kind().equals("redis")) {
            health.add("redis", store.up() ? "UP" : "DOWN");
        }
        health.add("history", store.size());
        // Counts only: /health is public, and topic names are the publishers' business.
        if (store.topics() >= 0) {
            health.add("topics", store.topics());
        }
        return health.build().toString();
    }
}
