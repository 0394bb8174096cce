package herald.event.entity;

/**
 * An event id, {@code <millis>-<sequence>}: the form of a Redis stream entry id, so that both event
 * stores hand out ids of one shape that order the same way. Ids grow strictly across all topics, so
 * one {@code Last-Event-ID} resumes every topic of a stream.
 */
public record EventId(long millis, long sequence) implements Comparable<EventId> {

    public EventId {
        if (millis < 0 || sequence < 0) {
            throw new InvalidEvent("invalid_last_event_id", "an event id is <millis>-<sequence>, both not negative");
        }
    }

    /** Reads an id as Herald writes it; anything else is an {@link InvalidEvent}. */
    public static EventId parse(String text) {
        var invalid = new InvalidEvent("invalid_last_event_id",
                "Last-Event-ID must be an id Herald gave, like 1732000000000-0");
        if (text == null || text.length() > 41) {
            throw invalid;
        }
        int dash = text.indexOf('-');
        if (dash <= 0 || dash == text.length() - 1) {
            throw invalid;
        }
        try {
            return new EventId(parseDigits(text.substring(0, dash)), parseDigits(text.substring(dash + 1)));
        } catch (NumberFormatException e) {
            throw invalid;
        }
    }

    private static long parseDigits(String digits) {
        for (int i = 0; i < digits.length(); i++) {
            if (digits.charAt(i) < '0' || digits.charAt(i) > '9') {
                throw new NumberFormatException(digits);
            }
        }
        return Long.parseLong(digits);
    }

    /** The id after this one at the given time: later millis start a new sequence, else the sequence goes on. */
    public EventId next(long nowMillis) {
        return nowMillis > millis ? new EventId(nowMillis, 0) : new EventId(millis, sequence + 1);
    }

    @Override
    public int compareTo(EventId other) {
        int byMillis = Long.compare(millis, other.millis);
        return byMillis != 0 ? byMillis : Long.compare(sequence, other.sequence);
    }

    public boolean isAfter(EventId other) {
        return compareTo(other) > 0;
    }

    @Override
    public String toString() {
        return millis + "-" + sequence;
    }
}
