package herald.app.boundary;

import herald.testing.HeraldClient;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Undeploys Herald from the running Tomcat (as an administrator removing the WAR does) and reads
 * Tomcat's log: Tomcat names every thread or ThreadLocal an undeployed application left behind.
 * Runs after the rest of the suite, in its own build step, on Tomcat only ({@code it.tomcat.home}).
 */
class TomcatUndeployIT {

    static final HeraldClient HERALD = HeraldClient.underTest();

    @Test
    void undeployingLeavesNoThreadOrThreadLocalBehind() throws IOException {
        var home = Path.of(System.getProperty("it.tomcat.home"));
        assertEquals(200, HERALD.get("health").statusCode(), "Herald runs before the undeploy");
        Files.delete(home.resolve("webapps/herald.war"));
        // Tomcat's deployer looks for removed applications every 10 s.
        await().atMost(Duration.ofSeconds(60)).until(() -> HERALD.get("health").statusCode() == 404);
        await().atMost(Duration.ofSeconds(10)).until(() -> log(home).contains("Undeploying"));

        var log = log(home);
        var leaks = new ArrayList<String>();
        for (var line : log.split("\n")) {
            if (line.contains("appears to have started a thread") || line.contains("ThreadLocal")
                    || line.contains("memory leak") || line.contains("failed to stop it")) {
                leaks.add(line);
            }
        }
        assertTrue(leaks.isEmpty(), "Tomcat reports what Herald left behind:\n" + String.join("\n", leaks));
    }

    static String log(Path home) throws IOException {
        List<String> text = new ArrayList<>();
        try (Stream<Path> files = Files.list(home.resolve("logs"))) {
            for (var file : files.filter(f -> f.getFileName().toString().startsWith("catalina")).toList()) {
                text.add(Files.readString(file, StandardCharsets.UTF_8));
            }
        }
        return String.join("\n", text);
    }
}
