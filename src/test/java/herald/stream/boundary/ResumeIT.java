package herald.stream.boundary;

import herald.testing.Deployed;
import herald.testing.Target;
import herald.testing.CuttableProxy;
import herald.testing.OpenStreams;
import herald.testing.RawStream;
import herald.testing.SseEvent;
import jakarta.ws.rs.client.ClientBuilder;
import jakarta.ws.rs.sse.InboundSseEvent;
import jakarta.ws.rs.sse.SseEventSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Part 2: resuming with Last-Event-ID: nothing lost, nothing twice, and truncation said out loud. */
class ResumeIT extends Deployed {

    static final Duration WAIT = Duration.ofSeconds(10);
    @RegisterExtension
    final OpenStreams open = new OpenStreams();


    static List<String> numbers(int from, int toExclusive) {
        return IntStream.range(from, toExclusive).mapToObj(String::valueOf).toList();
    }

    /** Publishes 0..count-1 to the topic, one every few milliseconds, on another thread. */
    CompletableFuture<List<String>> publishInBackground(String topic, int count, long pauseMillis) {
        return CompletableFuture.supplyAsync(() -> {
            var ids = new ArrayList<String>();
            for (int i = 0; i < count; i++) {
                ids.add(herald.publish(topic, "n", String.valueOf(i)));
                try {
                    TimeUnit.MILLISECONDS.sleep(pauseMillis); // pacing the publisher, not waiting on the server
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException(e);
                }
            }
            return ids;
        });
    }

    @Test
    void aStreamCutWhilePublishingGoesOnResumesWithNothingLostOrTwice() throws Exception {
        var proxy = open.keep(new CuttableProxy(herald.base()));
        var url = proxy.base().resolve("stream?topic=rs-cut");
        var first = open.keep(RawStream.open(url, Map.of()));
        first.next("connecttime", WAIT);

        var publishing = publishInBackground("rs-cut", 60, 20);
        var received = new ArrayList<SseEvent>();
        for (int i = 0; i < 15; i++) {
            received.add(first.next("n", WAIT));
        }
        proxy.cut();
        assertTrue(first.awaitEnd(WAIT), "the cut ends the stream");
        // whatever else arrived before the cut counts too
        var lastId = received.get(received.size() - 1).lastEventId();
        while (true) {
            try {
                var late = first.next(Duration.ofMillis(1));
                if (late.type().equals("n")) {
                    received.add(late);
                    lastId = late.lastEventId();
                }
            } catch (AssertionError drained) {
                break;
            }
        }

        var second = open.keep(RawStream.open(url, Map.of("Last-Event-ID", lastId)));
        second.next("connecttime", WAIT);
        while (!received.get(received.size() - 1).data().equals("59")) {
            received.add(second.next("n", WAIT));
        }
        publishing.get(WAIT.toSeconds(), TimeUnit.SECONDS);
        assertEquals(numbers(0, 60), received.stream().map(SseEvent::data).toList());
        assertTrue(second.text().indexOf("history-truncated") < 0, "nothing was missing");
    }

    /** The servlet transport writes a replay in batches of up to 32 KB: larger than one, nothing is cut or reordered. */
    @Test
    void aReplayLargerThanABatchArrivesWholeAndInOrder() {
        var first = herald.publish("rs-large", "n", "before");
        var sent = new ArrayList<String>();
        for (int i = 0; i < 12; i++) {
            var data = String.valueOf((char) ('a' + i)).repeat(4_000 - 2) + (i < 10 ? "0" : "") + i;
            herald.publish("rs-large", "n", data);
            sent.add(data);
        }
        var stream = open.keep(RawStream.open(herald.base().resolve("stream?topic=rs-large"),
                Map.of("Last-Event-ID", first)));
        stream.next("connecttime", WAIT);
        var received = new ArrayList<String>();
        for (int i = 0; i < sent.size(); i++) {
            received.add(stream.next("n", WAIT).data());
        }
        assertEquals(sent, received);
    }

    @Test
    void jerseysOwnSseEventSourceReconnectsAndResumesByItself() throws Exception {
        var proxy = open.keep(new CuttableProxy(herald.base()));
        var client = ClientBuilder.newClient();
        open.keep(client::close);
        var source = SseEventSource.target(client.target(proxy.base().resolve("stream?topic=rs-jersey"))).build();
        open.keep(source::close);
        List<InboundSseEvent> received = new CopyOnWriteArrayList<>();
        var connected = new CountDownLatch(2);
        var tenth = new CountDownLatch(10);
        var last = new CountDownLatch(1);
        source.register(event -> {
            if ("connecttime".equals(event.getName())) {
                connected.countDown();
            } else if ("n".equals(event.getName())) {
                received.add(event);
                tenth.countDown();
                if (event.readData().equals("39")) {
                    last.countDown();
                }
            }
        });
        source.open();
        var publishing = publishInBackground("rs-jersey", 40, 100);
        assertTrue(tenth.await(WAIT.toSeconds(), TimeUnit.SECONDS), "ten events before the cut");
        proxy.cut();
        // Jersey waits the server's retry (10 s) before it reconnects, sending Last-Event-ID itself.
        assertTrue(connected.await(30, TimeUnit.SECONDS), "Jersey reconnected");
        assertTrue(last.await(30, TimeUnit.SECONDS), "the last event arrived");
        publishing.get(WAIT.toSeconds(), TimeUnit.SECONDS);
        assertEquals(numbers(0, 40), received.stream().map(InboundSseEvent::readData).toList());
    }

    @Test
    void streamsThatResumeWhilePublishingGoesOnGetEveryEventOnce() throws Exception {
        var firstId = herald.publish("rs-race", "n", "0");
        var publishing = publishInBackground("rs-race", 45, 5);
        var streams = new ArrayList<RawStream>();
        for (int i = 0; i < 6; i++) {
            streams.add(open.keep(RawStream.open(herald.uri("stream?topic=rs-race&lastEventId=" + firstId), Map.of())));
        }
        publishing.get(WAIT.toSeconds(), TimeUnit.SECONDS);
        for (var stream : streams) {
            stream.next("connecttime", WAIT);
            var data = new ArrayList<String>();
            for (int i = 0; i < 45; i++) {
                data.add(stream.next("n", WAIT).data());
            }
            assertEquals(numbers(0, 45), data, "after the first 0, every event once, in order");
            assertTrue(stream.text().indexOf("history-truncated") < 0);
        }
    }

    @Test
    void aResumeFromBeyondTheHistoryIsToldSoBeforeTheReplay() {
        int historySize = Target.intSetting("history.size");
        var ids = new ArrayList<String>();
        for (int i = 0; i < historySize + 10; i++) {
            ids.add(herald.publish("rs-trunc", "n", String.valueOf(i)));
        }
        var stream = open.keep(RawStream.open(herald.uri("stream?topic=rs-trunc&lastEventId=" + ids.get(0)), Map.of()));
        assertEquals("connecttime", stream.next(WAIT).type());
        var notice = stream.next(WAIT);
        assertEquals("history-truncated", notice.type());
        assertTrue(notice.data().contains(ids.get(0)), notice.data());
        var replayed = new ArrayList<String>();
        for (int i = 0; i < historySize; i++) {
            replayed.add(stream.next(WAIT).data());
        }
        assertEquals(numbers(10, historySize + 10), replayed, "what the history still holds, in order");

        var fromLatest = open.keep(RawStream.open(herald.uri("stream?topic=rs-trunc"),
                Map.of("Last-Event-ID", ids.get(ids.size() - 1))));
        fromLatest.next("connecttime", WAIT);
        herald.publish("rs-trunc", "n", "after");
        assertEquals("after", fromLatest.next(WAIT).data(), "up to date: no notice, no replay");

        var ancient = open.keep(RawStream.open(herald.uri("stream?topic=rs-trunc&lastEventId=1-0"), Map.of()));
        ancient.next("connecttime", WAIT);
        assertEquals("history-truncated", ancient.next(WAIT).type());
    }

    @Test
    void theHeaderWinsOverTheQueryParameterAsOnABrowserReconnect() {
        var a = herald.publish("rs-header", "n", "a");
        var b = herald.publish("rs-header", "n", "b");
        herald.publish("rs-header", "n", "c");
        var stream = open.keep(RawStream.open(herald.uri("stream?topic=rs-header&lastEventId=" + a),
                Map.of("Last-Event-ID", b)));
        stream.next("connecttime", WAIT);
        assertEquals("c", stream.next(WAIT).data());
    }

    @Test
    void anIdNewerThanAnyTheStoreHasIsTreatedAsUnknownNotAsAPlaceThatSkipsWhatFollows() {
        herald.publish("rs-ahead", "n", "before");
        var ahead = "99999999999999-0"; // a restart after the clock stepped back, another instance's store, made up
        var stream = open.keep(RawStream.open(herald.uri("stream?topic=rs-ahead"), Map.of("Last-Event-ID", ahead)));
        stream.next("connecttime", WAIT);
        var notice = stream.next(WAIT);
        assertEquals("history-truncated", notice.type(), "events may be missing: the client should reload");
        assertTrue(notice.data().contains(ahead), notice.data());
        var id = herald.publish("rs-ahead", "n", "live");
        var live = stream.next(WAIT);
        assertEquals("live", live.data(), "live events flow, none dropped as already seen");
        assertEquals(id, live.lastEventId());
        herald.publish("rs-ahead", "n", "again");
        assertEquals("again", stream.next(WAIT).data());
    }

    @Test
    void anIdHeraldNeverGaveIsRefused() {
        var stream = open.keep(RawStream.open(herald.uri("stream?topic=rs-bad"), Map.of("Last-Event-ID", "yesterday")));
        assertEquals(400, stream.status());
    }
}
