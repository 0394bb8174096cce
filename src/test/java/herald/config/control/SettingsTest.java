package herald.config.control;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SettingsTest {

    @Test
    void systemPropertyThenEnvironmentThenContextParameterThenDefault() {
        var properties = Map.of("herald.maxClients", "1");
        var environment = Map.of("HERALD_MAXCLIENTS", "2", "HERALD_HISTORY_SIZE", "20");
        var context = Map.of("herald.maxClients", "3", "herald.history.size", "30", "herald.heartbeatSeconds", "4");
        var settings = new Settings(properties::get, environment, context::get);

        assertEquals(1, settings.integer("maxClients", 9, 0, 100));
        assertEquals(20, settings.integer("history.size", 9, 0, 100));
        assertEquals(4, settings.integer("heartbeatSeconds", 9, 0, 100));
        assertEquals(9, settings.integer("retryMillis", 9, 0, 100));
    }

    @Test
    void environmentNamesAreUpperCaseWithUnderscores() {
        assertEquals("HERALD_PUBLISH_TOKEN", Settings.environmentName("publish.token"));
        assertEquals("HERALD_HISTORY_MAXAGESECONDS", Settings.environmentName("history.maxAgeSeconds"));
    }

    @Test
    void aValueThatIsNotANumberInRangeStopsWithItsName() {
        var settings = new Settings(Map.of("herald.maxClients", "many")::get, Map.of(), name -> null);
        var failure = assertThrows(IllegalStateException.class, () -> settings.integer("maxClients", 9, 1, 100));
        assertTrue(failure.getMessage().contains("herald.maxClients"), failure.getMessage());
        var outOfRange = new Settings(Map.of("herald.maxClients", "0")::get, Map.of(), name -> null);
        assertThrows(IllegalStateException.class, () -> outOfRange.integer("maxClients", 9, 1, 100));
    }

    @Test
    void defaultsAreTheDocumentedOnes() {
        var config = Config.defaults();
        assertEquals(Optional.empty(), config.publishToken());
        assertEquals(10_000, config.maxClients());
        assertEquals(32, config.maxTopicsPerStream());
        assertEquals(65_536, config.maxPayloadBytes());
        assertEquals(1000, config.historySize());
        assertEquals(Duration.ofHours(1), config.historyMaxAge());
        assertEquals(Duration.ofSeconds(15), config.heartbeat());
        assertEquals(Duration.ofSeconds(10), config.retry());
        assertEquals(List.of(), config.corsOrigins());
    }

    @Test
    void corsOriginsAreACommaSeparatedList() {
        var settings = new Settings(Map.of("herald.cors.origins", " https://a.example, https://b.example ,")::get,
                Map.of(), name -> null);
        assertEquals(List.of("https://a.example", "https://b.example"), Config.from(settings).corsOrigins());
    }

    @Test
    void anEmptyTokenLeavesPublishingOff() {
        var settings = new Settings(Map.of("herald.publish.token", "  ")::get, Map.of(), name -> null);
        assertEquals(Optional.empty(), Config.from(settings).publishToken());
    }
}
