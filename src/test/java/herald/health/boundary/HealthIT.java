package herald.health.boundary;

import herald.testing.Deployed;
import herald.testing.Target;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** /health: status, streams, where the ticker runs, and the history of each topic. */
class HealthIT extends Deployed {

    @Test
    void reportsStatusClientsExecutorAndHistorySizes() {
        herald.publish("health-a", null, "1");
        herald.publish("health-a", null, "2");
        herald.publish("health-b", null, "3");
        var health = herald.health();
        assertEquals("UP", health.getString("status"));
        assertTrue(health.getInt("clients") >= 0);
        assertEquals(Target.executor(), health.getString("executor"));
        assertEquals(Target.transport(), health.getString("transport"));
        assertTrue(health.getInt("history") >= 3);
        var store = Target.store();
        assertEquals(store, health.getString("store"));
        if (store.equals("memory")) {
            assertTrue(health.getInt("topics") >= 2, "a count: " + health);
            assertTrue(!health.containsKey("redis"));
        } else {
            // One stream for all topics: Redis is not asked to count them at every /health.
            assertEquals("UP", health.getString("redis"));
            assertTrue(!health.containsKey("topics"));
        }
        assertTrue(!health.toString().contains("health-a"), "no topic names on a public endpoint: " + health);
    }
}
