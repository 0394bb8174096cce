package herald.stream.control;

import herald.base.Rejection;
import herald.event.entity.EventId;
import herald.event.entity.Topic;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * What a {@code GET /stream} asks for, checked the same whatever the transport: its topics and where it
 * resumes.
 *
 * @param topics      1 to {@code herald.maxTopics} topics; the default topic when none is named
 * @param lastEventId the id it resumes after, or null for a new stream
 */
public record StreamRequest(Set<Topic> topics, EventId lastEventId) {

    /**
     * @throws Rejection                            400 for too many topics
     * @throws herald.event.entity.InvalidEvent     for an invalid topic or id
     */
    public static StreamRequest of(List<String> topicNames, String lastEventIdHeader, String lastEventIdParameter,
                                   int maxTopics) {
        // A browser cannot set the header on its first request, hence the parameter; on a reconnect it
        // sends the header with a newer id while the URL still holds the old one, so the header wins.
        var lastEventId = present(lastEventIdHeader) ? lastEventIdHeader : lastEventIdParameter;
        return new StreamRequest(topics(topicNames, maxTopics), present(lastEventId) ? EventId.parse(lastEventId) : null);
    }

    private static Set<Topic> topics(List<String> names, int max) {
        if (names == null || names.isEmpty()) {
            return Set.of(Topic.DEFAULT);
        }
        if (names.size() > max) {
            throw Rejection.badRequest("too_many_topics", "a stream takes at most " + max + " topics");
        }
        var topics = new LinkedHashSet<Topic>();
        for (var name : names) {
            topics.add(new Topic(name));
        }
        return topics;
    }

    private static boolean present(String text) {
        return text != null && !text.isEmpty();
    }
}
