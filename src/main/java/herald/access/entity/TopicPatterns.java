package herald.access.entity;

import herald.event.entity.Topic;

import java.util.List;
import java.util.regex.Pattern;

/**
 * Topics named by a token's claim or by {@code herald.topics.private}: exact names, prefixes ({@code orders.*}: every
 * topic that starts with {@code orders.}) and {@code *} (every topic). Immutable, and valid once made.
 */
public record TopicPatterns(List<String> patterns) {

    public static final TopicPatterns NONE = new TopicPatterns(List.of());

    /** A topic's characters, then {@code .*}, or {@code *} alone. */
    private static final Pattern VALID = Pattern.compile("\\*|[A-Za-z0-9._:-]{1,64}(\\.\\*)?");

    public TopicPatterns {
        patterns = List.copyOf(patterns);
        for (var pattern : patterns) {
            if (pattern == null || !VALID.matcher(pattern).matches()) {
                throw new IllegalArgumentException("'" + pattern + "' is not a topic pattern: a topic name, a prefix"
                        + " such as orders.* or * for every topic");
            }
        }
    }

    /** Comma-separated patterns, as a setting holds them; blank: none. */
    public static TopicPatterns parse(String commaSeparated) {
        if (commaSeparated == null || commaSeparated.isBlank()) {
            return NONE;
        }
        return new TopicPatterns(List.of(commaSeparated.trim().split("\\s*,\\s*")));
    }

    public boolean covers(Topic topic) {
        for (var pattern : patterns) {
            if (pattern.equals("*") || pattern.equals(topic.name())
                    || pattern.endsWith(".*") && topic.name().startsWith(pattern.substring(0, pattern.length() - 1))) {
                return true;
            }
        }
        return false;
    }

    public boolean isEmpty() {
        return patterns.isEmpty();
    }
}
