package herald.app.boundary;

import herald.health.boundary.HealthResource;
import herald.metrics.boundary.MetricsResource;
import herald.publish.boundary.PublishResource;
import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.core.Application;

import java.util.Set;

/**
 * Herald's Jakarta REST application, under {@value #PATH}; {@link RootPaths} serves its endpoints at
 * the root too. Mapping it to {@code /*} instead would hide the welcome file {@code index.html}
 * behind the REST servlet, and Jersey does not route exact servlet mappings such as {@code /stream}.
 * Its classes are listed rather than scanned for, so that every implementation deploys the same set.
 */
@ApplicationPath(HeraldApplication.PATH)
public class HeraldApplication extends Application {

    public static final String PATH = "/api";

    @Override
    public Set<Class<?>> getClasses() {
        return Set.of(PublishResource.class, HealthResource.class, MetricsResource.class,
                RejectionMapper.class, InvalidEventMapper.class);
    }
}
