package herald.stream.control;

import herald.access.entity.Grant;
import herald.event.entity.EventId;
import herald.event.entity.Topic;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.junit.jupiter.api.Assertions.assertEquals;

class TopicSetsTest {

    final TopicSets sets = new TopicSets();

    /** A started stream whose frames are written, at once, to {@code into}. */
    static Subscriber stream(Set<Topic> topics, List<String> into) {
        var output = new Output() {
            @Override
            public void start(Runnable onWritable, Runnable onGone) {
            }

            @Override
            public boolean ready() {
                return true;
            }

            @Override
            public void write(Frame frame) {
                into.add(frame.data() != null ? frame.data() : ": " + frame.comment());
            }

            @Override
            public boolean flush() {
                return true;
            }

            @Override
            public void close() {
            }
        };
        var subscriber = new Subscriber(output, topics, Grant.NONE, null, Runnable::run, 100, Duration.ofSeconds(10), Duration.ofSeconds(60), System::nanoTime,
                (s, reason) -> { }, () -> { });
        subscriber.start(List.of(), null);
        return subscriber;
    }

    static Frame event(String data, long id) {
        return Frame.event(new EventId(id, 0), true, null, null, Frame.NO_RETRY, data);
    }

    @Test
    void aFrameGoesToTheStreamsOfItsTopicAndAHeartbeatToAll() {
        var news = new ArrayList<String>();
        var sport = new ArrayList<String>();
        sets.add(stream(Set.of(new Topic("news")), news));
        sets.add(stream(Set.of(new Topic("sport"), new Topic("news")), sport));
        sets.send(new Topic("news"), event("n1", 1));
        sets.send(new Topic("sport"), event("s1", 2));
        sets.send(null, Frame.comment("heartbeat"));
        assertEquals(List.of("n1", ": heartbeat"), news);
        assertEquals(List.of("n1", "s1", ": heartbeat"), sport);
    }

    @Test
    void aTopicWhoseLastStreamLeftKeepsNothing() {
        for (int i = 0; i < 1000; i++) {
            var topics = Set.of(new Topic("fresh-" + i), new Topic("other-" + i));
            var stream = stream(topics, new ArrayList<>());
            sets.add(stream);
            sets.remove(stream);
        }
        assertEquals(0, sets.topics(), "no set left for topics nobody listens to");
    }

    @Test
    void streamsComingAndGoingOnOneTopicAtOnceNeverLoseOneThatStays() throws InterruptedException {
        var topic = new Topic("busy");
        var stays = new CopyOnWriteArrayList<String>();
        sets.add(stream(Set.of(topic), stays));
        var threads = new ArrayList<Thread>();
        for (int t = 0; t < 4; t++) {
            var thread = new Thread(() -> {
                for (int i = 0; i < 2000; i++) {
                    var passing = stream(Set.of(topic), new ArrayList<>());
                    sets.add(passing);
                    sets.remove(passing);
                }
            });
            thread.start();
            threads.add(thread);
        }
        for (var thread : threads) {
            thread.join();
        }
        sets.send(topic, event("still here", 1));
        assertEquals(List.of("still here"), stays);
        assertEquals(1, sets.topics());
    }

    @Test
    void aStreamThatSubscribesWhileTheLastOneLeavesIsNeverDropped() throws InterruptedException {
        var topic = new Topic("flicker");
        var joined = new ArrayList<List<String>>();
        var arrivals = new ArrayList<Thread>();
        var leaving = new ArrayList<Subscriber>();
        for (int i = 0; i < 200; i++) {
            var gone = stream(Set.of(topic), new ArrayList<>());
            sets.add(gone);
            leaving.add(gone);
        }
        var leaver = new Thread(() -> leaving.forEach(sets::remove));
        for (int i = 0; i < 4; i++) {
            var into = new CopyOnWriteArrayList<String>();
            joined.add(into);
            arrivals.add(new Thread(() -> sets.add(stream(Set.of(topic), into))));
        }
        leaver.start();
        arrivals.forEach(Thread::start);
        leaver.join();
        for (var thread : arrivals) {
            thread.join();
        }
        sets.send(topic, event("hello", 1));
        for (var into : joined) {
            assertEquals(List.of("hello"), into);
        }
    }
}
