package herald.access.control;

import herald.access.entity.Grant;
import herald.access.entity.TopicPatterns;
import herald.base.Rejection;
import herald.event.entity.Topic;

import java.time.Clock;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Who may read private events and publish where, from the tokens clients present. A topic is private when
 * {@code herald.topics.private} covers it, an event when it was published so; private events reach only the
 * streams whose token's {@code subscribe} claim covers their topic. Every refusal is counted by its reason.
 * Thread safe.
 */
public final class Access {

    private final Optional<TokenVerifier> verifier;
    private final TopicPatterns privateTopics;
    private final Clock clock;
    private final Consumer<String> refusals;

    /**
     * @throws IllegalArgumentException for private topics without a key to check tokens with: nobody could read them
     */
    public Access(Optional<TokenVerifier> verifier, TopicPatterns privateTopics, Clock clock, Consumer<String> refusals) {
        if (verifier.isEmpty() && !privateTopics.isEmpty()) {
            throw new IllegalArgumentException("herald.topics.private needs herald.jwt.secret or herald.jwt.publicKey:"
                    + " without a key, no token can grant them");
        }
        this.verifier = verifier;
        this.privateTopics = privateTopics;
        this.clock = clock;
        this.refusals = refusals;
    }

    /** Whether tokens are taken at all (a key is set). */
    public boolean takesTokens() {
        return verifier.isPresent();
    }

    public boolean isPrivate(Topic topic) {
        return privateTopics.covers(topic);
    }

    /**
     * What a stream for {@code topics} may read, given its token (null: none). Without a key, tokens are not
     * looked at and there is nothing private to read.
     *
     * @throws Rejection 401 for a token that does not hold ({@link TokenVerifier#verify}), or for a private topic
     *                   asked without a token ({@code token_required}); 403 {@code topic_forbidden} for a private
     *                   topic the token does not cover
     */
    public Grant subscriber(String token, Set<Topic> topics) {
        var grant = token == null || verifier.isEmpty() ? Grant.NONE : verify(token);
        for (var topic : topics) {
            if (isPrivate(topic) && !grant.mayRead(topic)) {
                throw refused(token == null
                        ? new Rejection(401, "token_required", "the topic " + topic.name() + " is private: subscribing"
                                + " to it needs a token whose claim herald.subscribe covers it", null)
                        : new Rejection(403, "topic_forbidden", "this token does not let its bearer subscribe to the"
                                + " private topic " + topic.name(), null));
            }
        }
        return grant;
    }

    /**
     * A publisher's token (not the operator's shared one), checked.
     *
     * @throws Rejection 401 for a token that does not hold, or when no key is set
     */
    public Grant publisher(String token) {
        if (verifier.isEmpty()) {
            throw refused(new Rejection(401, "unauthorized", "publishing needs Authorization: Bearer <token>", null));
        }
        return verify(token);
    }

    /** @throws Rejection 403 {@code topic_forbidden} unless the grant covers the topic */
    public void mayPublish(Grant grant, Topic topic) {
        if (!grant.mayPublish(topic)) {
            throw refused(new Rejection(403, "topic_forbidden", "this token does not let its bearer publish to "
                    + topic.name(), null));
        }
    }

    private Grant verify(String token) {
        try {
            return verifier.orElseThrow().verify(token, clock.instant());
        } catch (Rejection rejection) {
            throw refused(rejection);
        }
    }

    private Rejection refused(Rejection rejection) {
        refusals.accept(rejection.code());
        return rejection;
    }
}
