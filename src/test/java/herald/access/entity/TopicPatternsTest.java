package herald.access.entity;

import herald.event.entity.Topic;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TopicPatternsTest {

    static boolean covers(String patterns, String topic) {
        return TopicPatterns.parse(patterns).covers(new Topic(topic));
    }

    @Test
    void namesPrefixesAndEverything() {
        assertTrue(covers("orders", "orders"));
        assertFalse(covers("orders", "orders.42"));
        assertTrue(covers("orders.*", "orders.42"));
        assertTrue(covers("orders.*", "orders.42.lines"));
        assertFalse(covers("orders.*", "orders"), "a prefix pattern covers what is below it, not itself");
        assertFalse(covers("orders.*", "ordersX"));
        assertTrue(covers("*", "anything"));
        assertTrue(covers("a, orders.* ,b", "b"));
        assertFalse(covers("", "a"));
        assertEquals(List.of("a", "b.*"), TopicPatterns.parse(" a , b.* ").patterns());
    }

    @Test
    void refusesWhatIsNoPattern() {
        for (var bad : List.of("or*ders", "a b", "*.x", "*orders", "", "a/b")) {
            assertThrows(IllegalArgumentException.class, () -> new TopicPatterns(List.of(bad)), bad);
        }
    }
}
