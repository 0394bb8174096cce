package herald.app.control;

import herald.config.control.Config;
import herald.config.control.Settings;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Clock;
import java.util.Map;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertThrows;

class HeraldTest {

    static boolean redisThreadsAlive() {
        return Thread.getAllStackTraces().keySet().stream()
                .anyMatch(thread -> thread.getName().startsWith("herald-redis") && thread.isAlive());
    }

    @Test
    void aStartThatFailsHalfWayLeavesNoThreadOfItsFirstHalfRunning() throws Exception {
        int closedPort;
        try (var probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = probe.getLocalPort();
        }
        var settings = Map.of("herald.redis.url", "redis://127.0.0.1:" + closedPort, "herald.redis.timeoutMillis", "200");
        var valid = Config.from(new Settings(settings::get, Map.of(), name -> null));
        // A transport no platform has: the store (and its reader thread) is up by the time it is refused.
        var config = new Config(valid.publishToken(), valid.maxClients(), valid.maxTopicsPerStream(),
                valid.maxPayloadBytes(), valid.historySize(), valid.historyMaxTopics(), valid.historyMaxAge(),
                valid.heartbeat(), valid.retry(), valid.clientMaxBacklog(), valid.clientWriteTimeout(), valid.clientMaxLag(),
                "carrier-pigeon", valid.sendThreads(), valid.deliveryThreads(),
                valid.corsOrigins(), valid.redisUrl(), valid.redisKey(), valid.redisHistory(), valid.redisTimeout(), valid.jwtSecret(), valid.jwtPublicKey(), valid.privateTopics());
        assertThrows(IllegalArgumentException.class, () -> Herald.start(config, Clock.systemUTC()));
        await().atMost(java.time.Duration.ofSeconds(2)).until(() -> !redisThreadsAlive());
    }
}
