package herald.ticker.control;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/** The one date format on the wire: ISO-8601 in UTC with exactly three fraction digits. */
public final class Dates {

    private static final DateTimeFormatter FORMAT =
            DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

    private Dates() {
    }

    public static String format(Instant instant) {
        return FORMAT.format(instant);
    }
}
