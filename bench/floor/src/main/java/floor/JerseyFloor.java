package floor;

import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.core.Application;

import java.util.Set;

/** The Jakarta REST application of the floor, at {@code /jersey}. */
@ApplicationPath("jersey")
public class JerseyFloor extends Application {

    @Override
    public Set<Class<?>> getClasses() {
        return Set.of(JerseyStream.class);
    }
}
