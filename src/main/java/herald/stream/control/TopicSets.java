package herald.stream.control;

import herald.event.entity.Topic;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The servlet writer's fan-out: the open streams by topic, each frame offered to the streams of its
 * topic. A topic's set is made with its first stream and dropped with its last, so that topics named
 * once do not pile up; both happen inside the map's per-key lock, so a stream that subscribes while the
 * last one leaves never lands in a set that has just been dropped.
 */
public final class TopicSets implements Fanout {

    private final Map<Topic, Set<Subscriber>> byTopic = new ConcurrentHashMap<>();
    private final Set<Subscriber> all = ConcurrentHashMap.newKeySet();

    @Override
    public void add(Subscriber subscriber) {
        all.add(subscriber);
        for (var topic : subscriber.topics()) {
            byTopic.compute(topic, (t, streams) -> {
                var set = streams == null ? ConcurrentHashMap.<Subscriber>newKeySet() : streams;
                set.add(subscriber);
                return set;
            });
        }
    }

    @Override
    public void remove(Subscriber subscriber) {
        all.remove(subscriber);
        for (var topic : subscriber.topics()) {
            byTopic.computeIfPresent(topic, (t, streams) -> {
                streams.remove(subscriber);
                return streams.isEmpty() ? null : streams;
            });
        }
    }

    @Override
    public void send(Topic topic, Frame frame) {
        var streams = topic == null ? all : byTopic.get(topic);
        if (streams != null) {
            streams.forEach(subscriber -> subscriber.offer(frame));
        }
    }

    /** Topics with at least one open stream. */
    int topics() {
        return byTopic.size();
    }

    @Override
    public void close() {
        // the streams are closed by the hub
    }
}
