package herald.event.entity;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class TopicTest {

    @ParameterizedTest
    @ValueSource(strings = {"a", "news", "orders.eu-1", "user:42", "A_b.C-d:9"})
    void takesNamesOfTheAllowedCharacters(String name) {
        assertEquals(name, new Topic(name).name());
    }

    @Test
    void takesSixtyFourCharactersAndNoMore() {
        new Topic("t".repeat(64));
        assertThrows(InvalidEvent.class, () -> new Topic("t".repeat(65)));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "a b", "a/b", "ä", "a\nb", "a*", "#"})
    void refusesAnythingElse(String name) {
        var invalid = assertThrows(InvalidEvent.class, () -> new Topic(name));
        assertEquals("invalid_topic", invalid.code());
    }

    @Test
    void refusesNull() {
        assertThrows(InvalidEvent.class, () -> new Topic(null));
    }
}
