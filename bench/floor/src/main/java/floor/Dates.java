package floor;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/** The tick's date as the peer and Herald write it: ISO 8601 in UTC with milliseconds, 24 characters. */
final class Dates {

    private static final DateTimeFormatter ISO = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'")
            .withZone(ZoneOffset.UTC);

    private Dates() {
    }

    static String now() {
        return ISO.format(Instant.now());
    }
}
