package herald.stream.control;

import herald.event.entity.Topic;

/**
 * How the {@link Hub}'s frames reach its open streams: the one part of the fan-out that differs by
 * transport. The servlet writer offers each frame to the streams of its topic ({@link TopicSets}); the
 * Jakarta REST shape hands it to an {@code SseBroadcaster} ({@link Broadcast}). Either way a frame
 * ends up offered to each {@link Subscriber} that wants it, which owns the order and the bounds.
 * Implementations are thread safe.
 */
public interface Fanout extends AutoCloseable {

    /** From now on the stream is offered the frames of its topics. */
    void add(Subscriber subscriber);

    /** The stream has ended: it is offered nothing more, and nothing keeps it. */
    void remove(Subscriber subscriber);

    /** Offers a frame to every open stream of {@code topic}; to every open stream when {@code topic} is null. */
    void send(Topic topic, Frame frame);

    @Override
    void close();
}
