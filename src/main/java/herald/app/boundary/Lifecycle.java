package herald.app.boundary;

import herald.app.control.Herald;
import jakarta.servlet.ServletContextEvent;
import jakarta.servlet.ServletContextListener;

import java.time.Clock;

/** Starts Herald with the web application and stops it, ticker and threads included, on undeploy. */
public class Lifecycle implements ServletContextListener {

    @Override
    public void contextInitialized(ServletContextEvent event) {
        Herald.start(Clock.systemUTC()).attachTo(event.getServletContext());
    }

    @Override
    public void contextDestroyed(ServletContextEvent event) {
        Herald.from(event.getServletContext()).close();
    }
}
