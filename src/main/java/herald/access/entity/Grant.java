package herald.access.entity;

import herald.event.entity.Topic;

import java.time.Instant;

/**
 * What a verified token lets its bearer do, from its claim {@code herald}: read the private events of the topics of
 * {@code subscribe}, publish to the topics of {@code publish}; until {@code expires}.
 *
 * @param expires when the token stops being valid; {@link Instant#MAX} for no token
 */
public record Grant(TopicPatterns subscribe, TopicPatterns publish, Instant expires) {

    /** No token: public topics only, no publishing. */
    public static final Grant NONE = new Grant(TopicPatterns.NONE, TopicPatterns.NONE, Instant.MAX);

    public boolean mayRead(Topic topic) {
        return subscribe.covers(topic);
    }

    public boolean mayPublish(Topic topic) {
        return publish.covers(topic);
    }
}
