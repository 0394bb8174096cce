package herald.health.boundary;

import herald.testing.Http;
import herald.testing.Target;
import herald.testing.Publish;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** /health: status, streams, where the ticker runs, and the history of each topic. */
class HealthIT {

    @Test
    void reportsStatusClientsExecutorAndHistorySizes() {
        Publish.event("health-a", null, "1");
        Publish.event("health-a", null, "2");
        Publish.event("health-b", null, "3");
        var health = Http.health();
        assertEquals("UP", health.getString("status"));
        assertTrue(health.getInt("clients") >= 0);
        assertEquals(System.getProperty("it.executor", "own"), health.getString("executor"));
        assertEquals(Target.transport(), health.getString("transport"));
        assertTrue(health.getInt("history") >= 3);
        var store = System.getProperty("it.store", "memory");
        assertEquals(store, health.getString("store"));
        var topics = health.getJsonObject("topics");
        if (store.equals("memory")) {
            assertEquals(2, topics.getInt("health-a"));
            assertEquals(1, topics.getInt("health-b"));
            assertTrue(!health.containsKey("redis"));
        } else {
            // One stream for all topics: Redis is not asked to count each topic at every /health.
            assertEquals("UP", health.getString("redis"));
            assertTrue(topics.isEmpty());
        }
    }
}
