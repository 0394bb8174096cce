package herald.metrics.control;

import herald.metrics.entity.DropReason;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;

import java.io.IOException;
import java.io.OutputStream;
import java.util.function.IntSupplier;

/**
 * Herald's metrics, in a registry of this application's own (not the client library's global
 * default, which would outlive an undeploy and clash on a redeploy). Without exemplars: sampling
 * them starts a thread of the library's own that nothing stops on undeploy. Thread safe.
 */
public final class Metrics {

    public static final String CONTENT_TYPE = PrometheusTextFormatWriter.CONTENT_TYPE;

    private final PrometheusRegistry registry = new PrometheusRegistry();
    private final Counter published = Counter.builder()
            .name("herald_events_published_total")
            .help("Events published and kept")
            .withoutExemplars()
            .register(registry);
    private final Counter delivered = Counter.builder()
            .name("herald_events_delivered_total")
            .help("Published events written to a stream, once per stream")
            .withoutExemplars()
            .register(registry);
    private final Counter dropped = Counter.builder()
            .name("herald_clients_dropped_total")
            .help("Streams ended by the server or refused, by reason: gone, slow, limit, shutdown, expired")
            .labelNames("reason")
            .withoutExemplars()
            .register(registry);
    private final Counter refused = Counter.builder()
            .name("herald_tokens_refused_total")
            .help("Requests refused for their token (or its lack), by reason: token_expired, token_signature, topic_forbidden…")
            .labelNames("reason")
            .withoutExemplars()
            .register(registry);

    public Metrics() {
        for (var reason : DropReason.values()) {
            dropped.labelValues(reason.label());
        }
    }

    /** Adds the gauges read at each scrape from the parts that know them. */
    public void observe(IntSupplier openStreams, IntSupplier historySize) {
        GaugeWithCallback.builder()
                .name("herald_streams_open")
                .help("Open event streams")
                .callback(callback -> callback.call(openStreams.getAsInt()))
                .register(registry);
        GaugeWithCallback.builder()
                .name("herald_history_events")
                .help("Events kept for resuming, over all topics")
                .callback(callback -> callback.call(historySize.getAsInt()))
                .register(registry);
    }

    public void published() {
        published.inc();
    }

    public void delivered() {
        delivered.inc();
    }

    public void dropped(DropReason reason) {
        dropped.labelValues(reason.label()).inc();
    }

    /** A request refused for its token, with the refusal's code. */
    public void refused(String reason) {
        refused.labelValues(reason).inc();
    }

    /** Writes every metric in the Prometheus text format, version 0.0.4. */
    public void write(OutputStream out) throws IOException {
        new PrometheusTextFormatWriter(false).write(out, registry.scrape());
    }
}
