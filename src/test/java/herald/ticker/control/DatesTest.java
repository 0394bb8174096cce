package herald.ticker.control;

import org.junit.jupiter.api.Test;

import java.time.Instant;

import static org.junit.jupiter.api.Assertions.assertEquals;

class DatesTest {

    @Test
    void writesUtcWithExactlyThreeFractionDigits() {
        assertEquals("2026-11-23T19:21:09.123Z", Dates.format(Instant.parse("2026-11-23T19:21:09.123456Z")));
        assertEquals("2026-11-23T19:21:09.000Z", Dates.format(Instant.parse("2026-11-23T19:21:09Z")));
        assertEquals("1999-12-31T23:59:59.900Z", Dates.format(Instant.parse("1999-12-31T23:59:59.9Z")));
    }
}
