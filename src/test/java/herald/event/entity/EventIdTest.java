package herald.event.entity;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class EventIdTest {

    @Test
    void readsWhatItWrites() {
        var id = new EventId(1732000000123L, 7);
        assertEquals("1732000000123-7", id.toString());
        assertEquals(id, EventId.parse(id.toString()));
    }

    @Test
    void ordersByTimeThenSequence() {
        assertTrue(EventId.parse("10-5").isAfter(EventId.parse("9-99")));
        assertTrue(EventId.parse("10-6").isAfter(EventId.parse("10-5")));
        assertTrue(EventId.parse("10-5").compareTo(EventId.parse("10-5")) == 0);
        // numerically, not as text
        assertTrue(EventId.parse("100-0").isAfter(EventId.parse("99-0")));
    }

    @Test
    void nextGrowsStrictlyEvenWhenTheClockStandsStillOrGoesBack() {
        var id = new EventId(1000, 3);
        assertEquals(new EventId(1000, 4), id.next(1000));
        assertEquals(new EventId(1000, 4), id.next(900));
        assertEquals(new EventId(1001, 0), id.next(1001));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "5", "-5", "5-", "a-1", "1-b", "1-2-3", " 1-2", "+1-2", "1-99999999999999999999",
            "1.5-2"})
    void refusesWhatHeraldNeverGives(String text) {
        var invalid = assertThrows(InvalidEvent.class, () -> EventId.parse(text));
        assertEquals("invalid_last_event_id", invalid.code());
    }
}
