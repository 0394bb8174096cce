package herald.app.boundary;

import herald.testing.Deployed;
import herald.testing.HeraldClient;
import herald.testing.Target;
import org.jboss.arquillian.container.test.api.Deployer;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.extension.ExtendWith;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Deploys Herald to Tomcat, undeploys it (as an administrator does) and reads Tomcat's log: Tomcat names every
 * thread or ThreadLocal an undeployed application left behind. The log holds every undeploy of the Tomcat run so
 * far (Arquillian undeploys after each test class), so this checks them all, and at least this one.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
@EnabledIfSystemProperty(named = "it.container", matches = "tomcat")
class TomcatUndeployIT {

    @Deployment(name = "undeployed", managed = false, testable = false)
    static WebArchive war() {
        return Deployed.war();
    }

    @ArquillianResource
    Deployer deployer;

    @Test
    void undeployingLeavesNoThreadOrThreadLocalBehind() throws IOException {
        var herald = new HeraldClient(URI.create("http://127.0.0.1:" + System.getProperty("it.port") + "/herald/"));
        deployer.deploy("undeployed");
        assertEquals(200, herald.get("health").statusCode(), "Herald runs before the undeploy");
        // The manager answers once the context has stopped; Tomcat's file handlers write each line as it comes.
        deployer.undeploy("undeployed");
        assertEquals(404, herald.get("health").statusCode(), "Herald is gone after the undeploy");

        var leaks = leaks(log(Target.containers().resolve("tomcat/home")));
        assertTrue(leaks.isEmpty(), "Tomcat reports what Herald left behind:\n" + String.join("\n", leaks));
    }

    /**
     * Tomcat's reports of threads and ThreadLocals left behind, each a line of the log, but two, both Tomcat's own
     * threads caught running Herald's code under its class loader: Tomcat tells threads apart by their context class
     * loader when it looks, and prints their stack a moment later.
     * <ul>
     * <li>Tomcat runs each context's background processing (every 10 s, on its own {@code Catalina-utility} thread)
     * under that context's class loader, so an undeploy that meets such a pass reports that thread, whose stack is
     * Tomcat's {@code ContainerBackgroundProcessor} (seen once in CI).</li>
     * <li>Closing the streams at the undeploy completes their requests, and Tomcat fires each request's
     * {@code onComplete} listeners on a worker of its connector's pool ({@code http-nio-…-exec-N}) under the
     * application's class loader: a worker doing so when Tomcat looks is reported, and its stack, printed a moment
     * later, is that worker back in its pool, waiting in Tomcat's {@code TaskQueue.take} (seen once in four
     * Tomcat runs: the worker had fired a completed stream's listeners 7 ms before the report). Herald uses no thread of
     * Tomcat's pool of its own.</li>
     * </ul>
     * Any other thread counts.
     */
    static List<String> leaks(String log) {
        var leaks = new ArrayList<String>();
        var lines = log.split("\n");
        for (int i = 0; i < lines.length; i++) {
            var line = lines[i];
            if (!(line.contains("appears to have started a thread") || line.contains("ThreadLocal")
                    || line.contains("memory leak") || line.contains("failed to stop it"))) {
                continue;
            }
            if (line.contains("appears to have started a thread named [Catalina-utility-")
                    && stackAfter(lines, i).contains("ContainerBase$ContainerBackgroundProcessor.run")) {
                continue; // Tomcat's own background pass, above
            }
            if (line.matches(".*appears to have started a thread named \\[http-nio-[^\\]]*-exec-\\d+\\].*")
                    && stackAfter(lines, i).contains("org.apache.tomcat.util.threads.TaskQueue.take")) {
                continue; // a worker of Tomcat's connector, back in its pool after completing a request, above
            }
            leaks.add(line);
        }
        return leaks;
    }

    /** The stack trace Tomcat prints after the report on line {@code at}: the lines indented below it. */
    private static String stackAfter(String[] lines, int at) {
        var stack = new StringBuilder();
        for (int i = at + 1; i < lines.length && lines[i].startsWith(" "); i++) {
            stack.append(lines[i]).append('\n');
        }
        return stack.toString();
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
