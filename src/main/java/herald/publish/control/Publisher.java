package herald.publish.control;

import herald.access.control.Access;
import herald.access.control.Bearer;
import herald.access.entity.Grant;
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
 * its id and passes it on to the streams. Nothing is kept unless every check has passed. Two kinds of publisher:
 * the operator, with the shared {@code herald.publish.token}, publishes anywhere; a publisher with a token of its
 * own (a JWT) publishes to the topics of its claim {@code herald.publish} and nowhere else.
 */
public final class Publisher {

    private final Optional<Token> token;
    private final Access access;
    private final int maxPayloadBytes;
    private final EventStore store;
    private final Metrics metrics;
    private final Duration retryAfter;

    public Publisher(Optional<String> token, Access access, int maxPayloadBytes, EventStore store, Metrics metrics,
                     Duration retryAfter) {
        this.token = token.map(Token::new);
        this.access = access;
        this.maxPayloadBytes = maxPayloadBytes;
        this.store = store;
        this.metrics = metrics;
        this.retryAfter = retryAfter;
    }

    /**
     * Who is publishing: the operator (empty), or the grant of a publisher's own token. 403 when neither kind of
     * token is configured (publishing off: the safe default), 401 when the request has neither.
     */
    public Optional<Grant> authorize(String authorization) {
        if (token.isEmpty() && !access.takesTokens()) {
            throw new Rejection(403, "publishing_disabled", "publishing is off: set herald.publish.token (or a key for"
                    + " publishers' own tokens, herald.jwt.secret or herald.jwt.publicKey) to turn it on", null);
        }
        if (token.isPresent() && token.get().admits(authorization)) {
            return Optional.empty();
        }
        var bearer = Bearer.of(authorization);
        // A wrong publish token is not a malformed JWT: only what has a JWT's three parts is checked as one.
        if (bearer == null || bearer.chars().filter(c -> c == '.').count() != 2) {
            throw new Rejection(401, "unauthorized", "publishing needs Authorization: Bearer <token>: the publish"
                    + " token, or a publisher's own JWT", null);
        }
        return Optional.of(access.publisher(bearer));
    }

    public Event publish(String authorization, String contentType, long contentLength, InputStream body) {
        var publisher = authorize(authorization);
        var publication = PublishBody.read(contentType, contentLength, body, maxPayloadBytes);
        var topic = publication.topic() == null ? Topic.DEFAULT : new Topic(publication.topic());
        publisher.ifPresent(grant -> access.mayPublish(grant, topic));
        var type = publication.event();
        if (Event.reserved(type)) {
            throw Rejection.badRequest("reserved_event", "'" + type + "' is an event of Herald's own; use another name");
        }
        if (publication.isPrivate() && !access.takesTokens()) {
            throw Rejection.badRequest("private_unavailable", "a private event could reach no stream here: private"
                    + " events need herald.jwt.secret or herald.jwt.publicKey, so that subscribers can have tokens");
        }
        Event event;
        try {
            event = store.append(new Event(null, topic, type, publication.data(),
                    publication.isPrivate() || access.isPrivate(topic)));
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
