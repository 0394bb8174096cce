package herald.ticker.control;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;

class DatesTest {

    @Test
    void writesUtcWithExactlyThreeFractionDigits() {
        assertEquals("2026-11-23T19:21:09.123Z", Dates.format(Instant.parse("2026-11-23T19:21:09.123456Z")));
        assertEquals("2026-11-23T19:21:09.000Z", Dates.format(Instant.parse("2026-11-23T19:21:09Z")));
        assertEquals("1999-12-31T23:59:59.900Z", Dates.format(Instant.parse("1999-12-31T23:59:59.9Z")));
    }

    @Test
    void writesWhatTheIsoFormatterWritesForAnyInstant() {
        var iso = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);
        var random = new Random(22);
        var first = Instant.parse("-0001-01-01T00:00:00Z").getEpochSecond();
        var last = Instant.parse("+10001-01-01T00:00:00Z").getEpochSecond();
        for (int i = 0; i < 100_000; i++) {
            var instant = Instant.ofEpochSecond(random.nextLong(first, last), random.nextInt(1_000_000_000));
            assertEquals(iso.format(instant), Dates.format(instant), instant::toString);
        }
    }

    @Test
    void writesTheEdgesOfTheYearsItFormatsItself() {
        assertEquals("0000-01-01T00:00:00.000Z", Dates.format(Instant.parse("0000-01-01T00:00:00Z")));
        assertEquals("9999-12-31T23:59:59.999Z", Dates.format(Instant.parse("9999-12-31T23:59:59.999999999Z")));
        assertEquals("1969-12-31T23:59:59.999Z", Dates.format(Instant.ofEpochMilli(-1)));
        assertEquals("-0001-12-31T23:59:59.000Z", Dates.format(Instant.parse("0000-01-01T00:00:00Z").minusSeconds(1)));
        assertEquals("+10000-01-01T00:00:00.000Z", Dates.format(Instant.parse("+10000-01-01T00:00:00Z")));
    }
}
