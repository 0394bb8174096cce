package herald.app.boundary;

import herald.event.entity.EventId;
import herald.testing.Browser;
import herald.testing.BuildRedis;
import herald.testing.Http;
import herald.testing.Publish;
import herald.testing.ReconnectingStream;
import herald.testing.SseEvent;
import herald.testing.TomcatInstance;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.openqa.selenium.By;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.net.URI;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Part 8's faults, tested as a whole, on Tomcats this test starts, kills and starts again itself (with the Redis
 * store, on the build's redis-server): a container killed hard under 1,000 open streams, and Redis stopped and
 * started while publishing goes on to 500 clients of two instances. The clients are raw ones that come back by
 * themselves as EventSource does ({@link ReconnectingStream}), and the page in a real Chromium. With the Redis pair,
 * whose redis-server it uses.
 */
@EnabledIfSystemProperty(named = "it.container", matches = "tomcat-redis")
class FaultsIT {

    static final Duration WAIT = Duration.ofSeconds(120);

    final List<AutoCloseable> closeAfter = new ArrayList<>();
    final long started = System.nanoTime();

    /** Where the test is, with the seconds since it began: in the report, for a run that fails or takes long. */
    void step(String what) {
        System.out.printf("FaultsIT %6.1f s: %s%n", (System.nanoTime() - started) / 1e9, what);
    }

    @AfterEach
    void stop() throws Exception {
        // in reverse: clients before the instances they talk to
        for (int i = closeAfter.size() - 1; i >= 0; i--) {
            closeAfter.get(i).close();
        }
    }

    /** Settings of the instances: room for the clients, a short retry so that clients come back soon, Redis. */
    static String options(String key, int maxClients) {
        return "-Dherald.publish.token=" + Publish.token() + " -Dherald.maxClients=" + maxClients
                + " -Dherald.retryMillis=1000 -Dherald.heartbeatSeconds=2 -Dherald.redis.url=" + BuildRedis.url()
                + " -Dherald.redis.key=" + key + " -Dherald.redis.timeoutMillis=500";
    }

    TomcatInstance instance(String name, String options) {
        var instance = new TomcatInstance(name, options);
        closeAfter.add(instance);
        instance.start();
        return instance;
    }

    List<ReconnectingStream> clients(URI stream, int count) {
        var clients = new ArrayList<ReconnectingStream>();
        for (int i = 0; i < count; i++) {
            var client = new ReconnectingStream(stream, "n");
            clients.add(client);
            closeAfter.add(client);
        }
        return clients;
    }

    static List<String> ids(ReconnectingStream client) {
        return client.received().stream().map(SseEvent::lastEventId).toList();
    }

    static void awaitEveryClientHas(List<ReconnectingStream> clients, int events) {
        await().atMost(WAIT).until(() -> clients.stream().allMatch(client -> client.received().size() >= events));
    }

    @Test
    void aContainerKilledHardUnderAThousandStreamsComesBackAndEveryClientAndThePageResumeByThemselvesMissingNothing() {
        var instance = instance("faults-kill", options("herald:faults-kill-" + System.nanoTime(), 2000));
        step("started");
        var clients = clients(instance.base().resolve("stream?topic=faults"), 1000);
        await().atMost(WAIT).until(() -> clients.stream().allMatch(client -> client.connections() >= 1));
        step("1,000 streams open");
        ChromeDriver browser = Browser.start();
        closeAfter.add(browser::quit);
        browser.get(instance.base().toString());
        var page = new WebDriverWait(browser, WAIT);
        browser.findElement(By.id("topics")).clear();
        browser.findElement(By.id("topics")).sendKeys("faults");
        browser.findElement(By.id("types")).sendKeys("n");
        browser.findElement(By.cssSelector("#subscribe button")).click();
        page.until(driver -> "stream?topic=faults".equals(driver.findElement(By.id("stream-url")).getText()));
        page.until(driver -> "open".equals(driver.findElement(By.id("state")).getAttribute("data-state")));
        var connectedAt = browser.findElement(By.id("connecttime")).getText();
        step("the page is open");

        var published = new ArrayList<String>();
        var data = new ArrayList<String>();
        for (int i = 0; i < 10; i++) {
            data.add("before-" + i);
            published.add(instance.client().publish("faults", "n", data.get(data.size() - 1)));
        }
        awaitEveryClientHas(clients, 10);
        step("10 events reached every client");
        for (int i = 0; i < 5; i++) {
            // accepted, and the container dies at once: the clients may not have had them
            data.add("last-" + i);
            published.add(instance.client().publish("faults", "n", data.get(data.size() - 1)));
        }
        instance.kill();
        step("killed");
        page.until(driver -> "reconnecting".equals(driver.findElement(By.id("state")).getAttribute("data-state")));

        instance.start();
        step("started again");
        data.add("after");
        published.add(instance.client().publish("faults", "n", "after"));
        awaitEveryClientHas(clients, published.size());
        step("every client has every event");
        for (var client : clients) {
            assertEquals(published, ids(client), "every event once, in order, across the kill");
            assertTrue(client.connections() >= 2, "it came back by itself");
        }
        page.until(driver -> "open".equals(driver.findElement(By.id("state")).getAttribute("data-state")));
        page.until(driver -> !connectedAt.equals(driver.findElement(By.id("connecttime")).getText()));
        for (var one : data) {
            page.until(driver -> rowsWithData(browser, one) == 1);
        }
    }

    @Test
    void redisStoppedAndStartedWhilePublishingTo500ClientsOfTwoInstancesEveryClientEndsWithEveryAcceptedEventOnceInOrder()
            throws Exception {
        var key = "herald:faults-redis-" + System.nanoTime();
        var a = instance("faults-a", options(key, 1000));
        var b = instance("faults-b", options(key, 1000));
        step("two instances started");
        var clients = new ArrayList<ReconnectingStream>();
        clients.addAll(clients(a.base().resolve("stream?topic=outage"), 250));
        clients.addAll(clients(b.base().resolve("stream?topic=outage"), 250));
        await().atMost(WAIT).until(() -> clients.stream().allMatch(client -> client.connections() >= 1));
        step("500 streams open");

        // 50 events a second, to either instance in turn; Redis stopped after the 150th, started again once both instances
        // have found it gone and publishes were refused, and publishing goes on for 100 more after that, 600 in all at least.
        var accepted = new CopyOnWriteArrayList<EventId>();
        var refused = new AtomicInteger();
        var unconfirmed = new AtomicInteger();
        var answers = new CopyOnWriteArrayList<CompletableFuture<?>>();
        var sent = new AtomicInteger();
        var acceptedIndexes = new java.util.concurrent.ConcurrentSkipListSet<Integer>();
        var sentBeforeRestart = new AtomicInteger(-1);
        // Each publish is sent when due, not when the one before was answered: the pace holds whatever they take.
        var publisher = new Thread(() -> {
            long start = System.nanoTime();
            // 600 at least, and 100 at least once Redis is back (bounded: 2,000 at most)
            for (int i = 0; i < 2000 && (i < 600 || sentBeforeRestart.get() < 0 || i < sentBeforeRestart.get() + 100); i++) {
                long wait = start + i * 20_000_000L - System.nanoTime();
                if (wait > 0) {
                    LockSupport.parkNanos(wait);
                }
                var instance = i % 2 == 0 ? a : b;
                int index = i;
                var body = "topic=outage&event=n&data=" + i;
                answers.add(Http.sendAsync(HttpRequest.newBuilder(instance.base().resolve("stream"))
                                .header("Content-Type", "application/x-www-form-urlencoded")
                                .header("Authorization", "Bearer " + Publish.token())
                                .POST(HttpRequest.BodyPublishers.ofString(body)))
                        .thenAccept(response -> {
                            if (response.statusCode() == 202) {
                                accepted.add(EventId.parse(Http.json(response.body()).getString("id")));
                                acceptedIndexes.add(index);
                            } else if (response.statusCode() == 503) {
                                refused.incrementAndGet();
                                if ("store_unconfirmed".equals(Http.json(response.body()).getString("error"))) {
                                    unconfirmed.incrementAndGet(); // sent, not answered in time: it may be kept
                                }
                            } else {
                                throw new AssertionError(response.statusCode() + ": " + response.body());
                            }
                        })
                );
                sent.incrementAndGet();
            }
        }, "publisher");
        publisher.start();
        await().atMost(WAIT).until(() -> sent.get() >= 150);
        BuildRedis.stop();
        step("Redis stopped");
        try {
            await().atMost(WAIT).until(() -> "DOWN".equals(a.client().health().getString("redis"))
                    && "DOWN".equals(b.client().health().getString("redis")) && refused.get() >= 10);
        } finally {
            sentBeforeRestart.set(sent.get());
            BuildRedis.start();
        }
        step("Redis started");
        publisher.join(WAIT.toMillis());
        assertFalse(publisher.isAlive(), "publishing ended");
        for (var answer : answers) {
            answer.get(30, TimeUnit.SECONDS); // fails the test on an answer other than 202 or 503
        }
        step("publishing ended: " + accepted.size() + " accepted, " + refused.get() + " refused, of which "
                + unconfirmed.get() + " unconfirmed");
        assertTrue(refused.get() >= 10, "publishing went on while Redis was away");
        assertTrue(acceptedIndexes.first() < 150 && acceptedIndexes.last() >= sentBeforeRestart.get(),
                "accepted before Redis went and after it came back: " + acceptedIndexes);

        // Publishes overlapped: the order every client must see is the order of the ids Redis gave. A publish Redis did
        // not confirm in time (the machine is busy) may have been kept: such events may come too, like any other.
        var expected = accepted.stream().sorted().toList();
        awaitEveryClientHas(clients, expected.size());
        step("every client has every accepted event");
        var first = ids(clients.get(0));
        for (var client : clients) {
            var got = ids(client);
            assertEquals(first, got, "every client the same events, in the same order");
            var events = got.stream().map(EventId::parse).toList();
            for (int i = 1; i < events.size(); i++) {
                assertTrue(events.get(i).isAfter(events.get(i - 1)), "once each, in id order: " + got);
            }
            assertTrue(events.containsAll(expected), "every accepted event");
            assertTrue(events.size() <= expected.size() + unconfirmed.get(),
                    "nothing but accepted events and unconfirmed ones: " + got.size() + " for " + expected.size()
                            + " accepted and " + unconfirmed.get() + " unconfirmed");
        }
    }

    static long rowsWithData(ChromeDriver browser, String data) {
        return (Long) browser.executeScript("var wanted = arguments[0];"
                + " return Array.from(document.querySelectorAll('#log td.data'))"
                + ".filter(function (cell) { return cell.textContent === wanted; }).length;", data);
    }
}
