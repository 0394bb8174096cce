package herald.event.entity;

import java.util.regex.Pattern;

/**
 * A topic name: 1 to 64 of {@code [A-Za-z0-9._:-]}. The default topic carries the date ticks and
 * every event published without a topic.
 */
public record Topic(String name) {

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9._:-]{1,64}");

    public static final Topic DEFAULT = new Topic("default");

    public Topic {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new InvalidEvent("invalid_topic", "a topic is 1 to 64 characters of [A-Za-z0-9._:-]");
        }
    }

    @Override
    public String toString() {
        return name;
    }
}
