package herald.app.boundary;

import herald.health.boundary.HealthResource;
import herald.metrics.boundary.MetricsResource;
import herald.publish.boundary.PublishResource;
import herald.stream.boundary.FrameEventWriter;
import herald.stream.boundary.StreamResource;
import herald.stream.boundary.WholeEvents;
import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.core.Application;

import java.util.HashSet;
import java.util.Set;

/**
 * Herald's Jakarta REST application, under {@value #PATH}; {@link RootPaths} serves its endpoints at
 * the root too. Mapping it to {@code /*} instead would hide the welcome file {@code index.html}
 * behind the REST servlet, and Jersey does not route exact servlet mappings such as {@code /stream}.
 * Its classes are listed rather than scanned for, so that every implementation deploys the same set,
 * plus one of Jersey's own where Jersey runs ({@code BroadcastOnCaller}).
 */
@ApplicationPath(HeraldApplication.PATH)
public class HeraldApplication extends Application {

    public static final String PATH = "/api";

    /** Jersey's extension for the broadcaster's executor; named, so that no other platform loads it. */
    static final String JERSEY_ONLY = "herald.stream.boundary.BroadcastOnCaller";

    @Override
    public Set<Class<?>> getClasses() {
        var classes = new HashSet<Class<?>>(Set.of(StreamResource.class, FrameEventWriter.class,
                PublishResource.class, HealthResource.class, MetricsResource.class,
                RejectionMapper.class, WholeEvents.class));
        try {
            classes.add(Class.forName(JERSEY_ONLY, true, HeraldApplication.class.getClassLoader()));
        } catch (ClassNotFoundException | LinkageError notJersey) {
            // Its interface is Jersey's: without Jersey it cannot be loaded, and is not needed.
        }
        return classes;
    }
}
