package herald.stream.boundary;

import org.glassfish.jersey.server.ManagedAsyncExecutor;
import org.glassfish.jersey.spi.ExecutorServiceProvider;

import java.util.List;
import java.util.concurrent.AbstractExecutorService;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Jersey only: the executor its {@code SseBroadcaster} delivers on. Jersey's default is an unbounded
 * cached pool, which grows to a thread per sink being delivered to (about 400 threads were seen for
 * 10,000 streams), and behind it a buffer of 256 events per sink that, once full, drops the sink (and
 * can make {@code broadcast} itself throw, Jersey #4551). Herald's sinks only queue and return
 * ({@code StreamSink}), so delivery runs on the thread that broadcasts, as RESTEasy's broadcaster does:
 * no thread per client, and Jersey's buffer never holds more than the event being handed over. The
 * blocking writes to clients run on Herald's own bounded pool ({@code SinkOutput}).
 *
 * <p>Registered by {@code HeraldApplication} only where Jersey is present: it is Jersey's extension, for
 * a gap the standard leaves (which executor a broadcaster uses); other platforms never load it.
 */
@ManagedAsyncExecutor
public class BroadcastOnCaller implements ExecutorServiceProvider {

    private final ExecutorService executor = new CallerRuns();

    @Override
    public ExecutorService getExecutorService() {
        return executor;
    }

    @Override
    public void dispose(ExecutorService executorService) {
        executorService.shutdown();
    }

    /** Runs each task at once on the thread that hands it over; there are no threads to stop. */
    private static final class CallerRuns extends AbstractExecutorService {

        private volatile boolean shutdown;

        @Override
        public void execute(Runnable task) {
            task.run();
        }

        @Override
        public void shutdown() {
            shutdown = true;
        }

        @Override
        public List<Runnable> shutdownNow() {
            shutdown = true;
            return List.of();
        }

        @Override
        public boolean isShutdown() {
            return shutdown;
        }

        @Override
        public boolean isTerminated() {
            return shutdown;
        }

        @Override
        public boolean awaitTermination(long timeout, TimeUnit unit) {
            return true;
        }
    }
}
