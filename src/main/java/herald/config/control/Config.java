package herald.config.control;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * Every setting Herald reads, with its default, read once at start-up. The README's table of
 * settings lists the same names and defaults.
 */
public record Config(
        Optional<String> publishToken,
        int maxClients,
        int maxTopicsPerStream,
        int maxPayloadBytes,
        int historySize,
        int historyMaxTopics,
        Duration historyMaxAge,
        Duration heartbeat,
        Duration retry,
        int clientMaxBacklog,
        Duration clientWriteTimeout,
        Duration clientMaxLag,
        String streamTransport,
        int sendThreads,
        int deliveryThreads,
        List<String> corsOrigins,
        Optional<String> redisUrl,
        String redisKey,
        int redisHistory,
        Duration redisTimeout,
        Optional<String> jwtSecret,
        Optional<String> jwtPublicKey,
        String privateTopics) {

    public static Config from(Settings settings) {
        return new Config(
                settings.text("publish.token").filter(token -> !token.isEmpty()),
                settings.integer("maxClients", 10_000, 1, 1_000_000),
                settings.integer("maxTopics", 32, 1, 1024),
                settings.integer("maxPayloadBytes", 64 * 1024, 1, 16 * 1024 * 1024),
                settings.integer("history.size", 1000, 0, 10_000_000),
                settings.integer("history.maxTopics", 10_000, 1, 10_000_000),
                Duration.ofSeconds(settings.integer("history.maxAgeSeconds", 3600, 1, 365 * 24 * 3600)),
                Duration.ofSeconds(settings.integer("heartbeatSeconds", 15, 1, 3600)),
                Duration.ofMillis(settings.integer("retryMillis", 10_000, 0, 3_600_000)),
                settings.integer("client.maxBacklog", 1024, 1, 1_000_000),
                Duration.ofSeconds(settings.integer("client.writeTimeoutSeconds", 10, 1, 3600)),
                Duration.ofSeconds(settings.integer("client.maxLagSeconds", 60, 1, 86_400)),
                settings.choice("stream.transport", "auto", "jaxrs", "servlet"),
                settings.integer("stream.sendThreads", 32, 1, 1024),
                settings.integer("deliveryThreads", Math.max(2, Runtime.getRuntime().availableProcessors()), 1, 1024),
                Arrays.stream(settings.text("cors.origins", "").split(","))
                        .map(String::trim)
                        .filter(origin -> !origin.isEmpty())
                        .toList(),
                settings.text("redis.url").filter(url -> !url.isEmpty()),
                settings.text("redis.key", "herald:events"),
                settings.integer("redis.history", 10_000, 1, 100_000_000),
                Duration.ofMillis(settings.integer("redis.timeoutMillis", 1000, 10, 60_000)),
                settings.text("jwt.secret").filter(secret -> !secret.isEmpty()),
                settings.text("jwt.publicKey").filter(path -> !path.isEmpty()),
                settings.text("topics.private", ""));
    }

    public static Config defaults() {
        return from(new Settings(name -> null, java.util.Map.of(), name -> null));
    }
}
