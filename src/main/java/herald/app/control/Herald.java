package herald.app.control;

import herald.stream.control.Subscribers;
import herald.ticker.control.Scheduler;
import herald.ticker.control.Ticker;
import jakarta.servlet.ServletContext;

import java.time.Clock;

/**
 * One Herald per deployed application: the subscribers and the one ticker that feeds them.
 * Held as a servlet context attribute rather than in static fields or a container-specific
 * singleton, so that its lifecycle is the web application's on every container (see README).
 */
public final class Herald implements AutoCloseable {

    static final String ATTRIBUTE = Herald.class.getName();

    private final Subscribers subscribers;
    private final Scheduler scheduler;
    private final Ticker ticker;

    private Herald(Subscribers subscribers, Scheduler scheduler, Ticker ticker) {
        this.subscribers = subscribers;
        this.scheduler = scheduler;
        this.ticker = ticker;
    }

    public static Herald start(Clock clock) {
        var subscribers = new Subscribers();
        var scheduler = Scheduler.lookup();
        var ticker = Ticker.start(scheduler.executor(), clock, subscribers::broadcastTick);
        return new Herald(subscribers, scheduler, ticker);
    }

    public static Herald from(ServletContext context) {
        var herald = (Herald) context.getAttribute(ATTRIBUTE);
        if (herald == null) {
            throw new IllegalStateException("Herald is not started in this web application");
        }
        return herald;
    }

    public void attachTo(ServletContext context) {
        context.setAttribute(ATTRIBUTE, this);
    }

    public Subscribers subscribers() {
        return subscribers;
    }

    public Scheduler scheduler() {
        return scheduler;
    }

    @Override
    public void close() {
        ticker.stop();
        subscribers.close();
        scheduler.close();
    }
}
