package herald.publish.control;

import herald.base.Rejection;
import herald.event.entity.Event;
import herald.event.entity.Topic;
import herald.history.control.EventStore;
import herald.history.control.StoreUnavailable;
import herald.metrics.control.Metrics;

import java.io.InputStream;
import java.time.Duration;
import java.util.Optional;

/**
 * Publishing: who may, what a request must hold, and handing the event to the store, which gives it
 * its id and passes it on to the streams. Nothing is kept unless every check has passed.
 */
public final class Publisher {

    private final Optional<Token> token;
    private final int maxPayloadBytes;
    private final EventStore store;
    private final Metrics metrics;
    private final Duration retryAfter;

    public Publisher(Optional<String> token, int maxPayloadBytes, EventStore store, Metrics metrics, Duration retryAfter) {
        this.token = token.map(Token::new);
        this.maxPayloadBytes = maxPayloadBytes;
        this.store = store;
        this.metrics = metrics;
        this.retryAfter = retryAfter;
    }

    /** 403 when no token is configured (publishing off: the safe default), 401 when the request lacks it. */
    public void authorize(String authorization) {
        if (token.isEmpty()) {
            throw new Rejection(403, "publishing_disabled",
                    "publishing is off: set herald.publish.token to turn it on", null);
        }
        if (!token.get().admits(authorization)) {
            throw new Rejection(401, "unauthorized", "publishing needs Authorization: Bearer <token>", null);
        }
    }

    public Event publish(String authorization, String contentType, long contentLength, InputStream body) {
        authorize(authorization);
        var publication = PublishBody.read(contentType, contentLength, body, maxPayloadBytes);
        var topic = publication.topic() == null ? Topic.DEFAULT : new Topic(publication.topic());
        var type = publication.event();
        if (Event.reserved(type)) {
            throw Rejection.badRequest("reserved_event", "'" + type + "' is an event of Herald's own; use another name");
        }
        Event event;
        try {
            event = store.append(new Event(null, topic, type, publication.data()));
        } catch (StoreUnavailable e) {
            if (e.unconfirmed()) {
                throw Rejection.unavailable("store_unconfirmed", "the event store did not confirm the event in time: it"
                        + " may have been published all the same (it then reaches every stream, with its id); publish it"
                        + " again only where a duplicate does no harm", retryAfter);
            }
            // Not kept, so not sent either: the publisher may safely try again.
            throw Rejection.unavailable("store_unavailable", "the event store cannot be reached; nothing was published",
                    retryAfter);
        }
        metrics.published();
        return event;
    }
}
