package floor;

import jakarta.servlet.ServletException;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.eclipse.jetty.ee10.servlets.EventSource;
import org.eclipse.jetty.ee10.servlets.EventSourceServlet;

import java.io.IOException;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The peer's contract on Jetty's own {@link EventSourceServlet}, and nothing else: {@code GET /jetty/stream} (an event
 * {@code connecttime}, the date, then the date every second), {@code POST /jetty/stream} (form field {@code data},
 * {@code Authorization: Bearer dev}: every stream gets it), {@code GET /jetty/health} ({@code "clients"}). No topics,
 * no history, no limits: what a stream costs on this Jetty before any application does anything with it.
 * Jetty's emitter writes with blocking output under a lock of its own, so the ticker writes to one stream after the
 * other, as EventSourceServlet is meant to be used.
 */
@WebServlet(urlPatterns = "/jetty/*", asyncSupported = true)
public class JettyFloor extends EventSourceServlet {

    private final Set<EventSource.Emitter> streams = ConcurrentHashMap.newKeySet();
    private final AtomicLong ids = new AtomicLong();
    private ScheduledExecutorService ticker;

    @Override
    public void init() throws ServletException {
        super.init();
        ticker = Executors.newSingleThreadScheduledExecutor();
        ticker.scheduleAtFixedRate(() -> send(Dates.now()), 1, 1, TimeUnit.SECONDS);
    }

    @Override
    public void destroy() {
        ticker.shutdownNow();
        super.destroy();
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws ServletException, IOException {
        if ("/health".equals(request.getPathInfo())) {
            response.setContentType("application/json");
            response.getWriter().write("{\"status\":\"UP\",\"clients\":" + streams.size() + "}");
        } else {
            super.doGet(request, response);
        }
    }

    @Override
    protected void doPost(HttpServletRequest request, HttpServletResponse response) throws IOException {
        if (!"Bearer dev".equals(request.getHeader("Authorization"))) {
            response.sendError(HttpServletResponse.SC_UNAUTHORIZED);
            return;
        }
        var id = ids.incrementAndGet();
        send(request.getParameter("data"));
        response.setStatus(HttpServletResponse.SC_ACCEPTED);
        response.setContentType("application/json");
        response.getWriter().write("{\"id\":\"" + id + "\"}");
    }

    @Override
    protected EventSource newEventSource(HttpServletRequest request) {
        return new EventSource() {
            private Emitter emitter;

            @Override
            public void onOpen(Emitter emitter) throws IOException {
                this.emitter = emitter;
                var now = Dates.now();
                emitter.event("connecttime", now);
                emitter.data(now);
                streams.add(emitter);
            }

            @Override
            public void onClose() {
                streams.remove(emitter);
            }
        };
    }

    private void send(String data) {
        for (var emitter : streams) {
            try {
                emitter.data(data);
            } catch (IOException | RuntimeException gone) {
                streams.remove(emitter);
                emitter.close();
            }
        }
    }
}
