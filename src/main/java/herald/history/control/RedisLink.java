package herald.history.control;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.Delay;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * The Lettuce client as Herald sets it up: two threads of its own, reconnects within a second (Lettuce's default
 * backs off up to 30 s: after an outage, events would wait that long), and commands refused at once while the
 * connection is down rather than queued until it is back. Closed with the store; waits until Lettuce's threads
 * have ended, so that a container that checks for threads left behind on undeploy finds none.
 */
final class RedisLink implements AutoCloseable {

    private static final Duration MAX_RECONNECT_DELAY = Duration.ofSeconds(1);

    private final ClientResources resources;
    private final RedisClient client;

    RedisLink(String url, Duration timeout) {
        RedisURI uri;
        try {
            uri = RedisURI.create(url);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(
                    "herald.redis.url is not a Redis URL (redis://host:port); not shown, as it may hold a password", e);
        }
        uri.setTimeout(timeout);
        this.resources = ClientResources.builder()
                .ioThreadPoolSize(1)
                .computationThreadPoolSize(1)
                .reconnectDelay(Delay.exponential(Duration.ofMillis(10), MAX_RECONNECT_DELAY, 2, TimeUnit.MILLISECONDS))
                .build();
        this.client = RedisClient.create(resources, uri);
        client.setOptions(ClientOptions.builder()
                .autoReconnect(true)
                .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
                .socketOptions(SocketOptions.builder().connectTimeout(timeout).build())
                .build());
    }

    /** A new connection whose commands time out after {@code timeout}; waits for the connect (the reader's thread). */
    StatefulRedisConnection<String, String> connect(Duration timeout) {
        var connection = client.connect();
        connection.setTimeout(timeout);
        return connection;
    }

    @Override
    public void close() {
        client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
        resources.shutdown(0, 2, TimeUnit.SECONDS).awaitUninterruptibly(3, TimeUnit.SECONDS);
    }
}
