package herald.event.entity;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

class EventTest {

    @Test
    void everyLineBreakBecomesLineFeed() {
        var event = new Event(null, Topic.DEFAULT, null, "a\r\nb\rc\nd\r\n\r\ne");
        assertEquals("a\nb\nc\nd\n\ne", event.data());
    }

    @Test
    void dataMayBeEmptyButNotAbsent() {
        assertEquals("", new Event(null, Topic.DEFAULT, null, "").data());
        var invalid = assertThrows(InvalidEvent.class, () -> new Event(null, Topic.DEFAULT, null, null));
        assertEquals("invalid_data", invalid.code());
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "a\nb", "a\rb", "a:b", "x\r\ny"})
    void anEventNameCannotLeaveItsLine(String type) {
        var invalid = assertThrows(InvalidEvent.class, () -> new Event(null, Topic.DEFAULT, type, "x"));
        assertEquals("invalid_event", invalid.code());
    }

    @Test
    void aNameOfSixtyFourIsFineAndNoMore() {
        assertEquals("x".repeat(64), new Event(null, Topic.DEFAULT, "x".repeat(64), "d").type());
        assertThrows(InvalidEvent.class, () -> new Event(null, Topic.DEFAULT, "x".repeat(65), "d"));
    }

    @Test
    void withIdKeepsTheRest() {
        var draft = new Event(null, new Topic("news"), "headline", "text");
        var kept = draft.withId(new EventId(5, 1));
        assertNull(draft.id());
        assertEquals(new Event(new EventId(5, 1), new Topic("news"), "headline", "text"), kept);
    }
}
