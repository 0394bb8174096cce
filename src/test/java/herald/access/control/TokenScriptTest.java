package herald.access.control;

import herald.event.entity.Topic;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The README's way to make a token, {@code node tools/token.js}: what it makes, Herald takes as it says. */
class TokenScriptTest {

    static String run(List<String> arguments) throws IOException, InterruptedException {
        var command = new java.util.ArrayList<>(List.of("node", "tools/token.js"));
        command.addAll(arguments);
        var process = new ProcessBuilder(command).redirectErrorStream(true).start();
        assertTrue(process.waitFor(30, TimeUnit.SECONDS), "node tools/token.js ended");
        var output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        assertEquals(0, process.exitValue(), output);
        return output;
    }

    @Test
    void theDevelopmentSecretsTokenGrantsWhatWasAskedForTheMinutesAsked() throws Exception {
        var token = run(List.of("--subscribe", "private.*", "--publish", "orders.*,news", "--minutes", "5"));
        var grant = TokenVerifier.hmac("dev-secret-for-trying-herald-locally-only").verify(token, Instant.now());
        assertTrue(grant.mayRead(new Topic("private.x")));
        assertFalse(grant.mayRead(new Topic("news")));
        assertTrue(grant.mayPublish(new Topic("orders.1")));
        assertTrue(grant.mayPublish(new Topic("news")));
        var left = Duration.between(Instant.now(), grant.expires());
        assertTrue(left.compareTo(Duration.ofMinutes(4)) > 0 && left.compareTo(Duration.ofMinutes(5)) <= 0, left.toString());
    }

    @Test
    void anotherSecretsTokenIsRefused() throws Exception {
        var token = run(List.of("--secret", "some-other-secret-of-at-least-32-bytes", "--subscribe", "*"));
        var refused = org.junit.jupiter.api.Assertions.assertThrows(herald.base.Rejection.class,
                () -> TokenVerifier.hmac("dev-secret-for-trying-herald-locally-only").verify(token, Instant.now()));
        assertEquals("token_signature", refused.code());
    }
}
