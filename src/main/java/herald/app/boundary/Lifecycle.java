package herald.app.boundary;

import herald.app.control.Herald;
import herald.config.control.Config;
import herald.config.control.Settings;
import jakarta.servlet.ServletContextEvent;
import jakarta.servlet.ServletContextListener;

import java.time.Clock;
import java.util.Set;

/** Starts Herald with the web application and stops it, ticker and threads included, on undeploy. */
public class Lifecycle implements ServletContextListener {

    @Override
    public void contextInitialized(ServletContextEvent event) {
        var context = event.getServletContext();
        // Herald keeps no HTTP session, so the container is not to look for one in each request: Jetty parsed every
        // request's cookies for its session cookie and kept the parse with each open stream (BENCHMARKS.md run 27).
        context.setSessionTrackingModes(Set.of());
        var config = Config.from(Settings.of(context::getInitParameter));
        Herald.start(config, Clock.systemUTC()).attachTo(context);
    }

    @Override
    public void contextDestroyed(ServletContextEvent event) {
        Herald.from(event.getServletContext()).close();
    }
}
