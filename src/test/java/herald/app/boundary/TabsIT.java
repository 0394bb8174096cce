package herald.app.boundary;

import herald.testing.Deployed;
import herald.testing.RawStream;
import herald.testing.Target;
import herald.testing.Browser;
import herald.testing.CuttableProxy;
import herald.testing.Publish;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WindowType;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.WebDriverWait;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Part 6: many tabs of the page in one real headless Chromium share one stream through the page's
 * SharedWorker; without SharedWorker each tab has its own. The browser's six connections per host would
 * otherwise leave the seventh tab waiting for ever. The browser's side: on Jetty and on the Redis pair (the
 * server's side runs on every container in StreamIT, ResumeIT and PageIT).
 */
@EnabledIfSystemProperty(named = "it.container", matches = "jetty|tomcat-redis")
class TabsIT extends Deployed {

    static final Duration WAIT = Duration.ofSeconds(15);
    /** The server's retry (10 s) plus time to reconnect and replay. */
    static final Duration RECONNECT = Duration.ofSeconds(30);

    ChromeDriver browser;
    String anchor;
    final List<String> tabs = new ArrayList<>();
    final List<AutoCloseable> closeAfter = new ArrayList<>();
    int clientsBefore;

    @BeforeEach
    void start() {
        // Streams other tests closed are dropped by the server within a tick or a heartbeat: start from none, so
        // that /health counts this test's streams only.
        await().atMost(Duration.ofSeconds(20)).until(() -> herald.clients() == 0);
        clientsBefore = 0;
        browser = Browser.start();
        // A blank tab that stays: closing every page tab must not end the browser.
        anchor = browser.getWindowHandle();
    }

    @AfterEach
    void stop() throws Exception {
        try {
            browser.quit();
        } finally {
            for (var closeable : closeAfter) {
                closeable.close();
            }
        }
    }

    void openTabs(URI page, int count, boolean withoutSharedWorker) {
        for (int i = 0; i < count; i++) {
            browser.switchTo().newWindow(WindowType.TAB);
            if (withoutSharedWorker) {
                // As in a browser that has none: the page must see no SharedWorker from its first line on.
                browser.executeCdpCommand("Page.addScriptToEvaluateOnNewDocument",
                        Map.of("source", "delete window.SharedWorker;"));
            }
            browser.get(page.toString());
            tabs.add(browser.getWindowHandle());
        }
    }

    WebDriverWait waitIn(String tab, Duration timeout) {
        browser.switchTo().window(tab);
        return new WebDriverWait(browser, timeout);
    }

    String text(String id) {
        return browser.findElement(By.id(id)).getText();
    }

    void awaitOpenAndTicking(String tab) {
        var wait = waitIn(tab, WAIT);
        wait.until(driver -> "open".equals(driver.findElement(By.id("state")).getAttribute("data-state")));
        wait.until(driver -> text("clock").matches("\\d{4}-.*Z"));
        var first = text("clock");
        wait.until(driver -> !text("clock").equals(first));
        assertTrue(text("connecttime").matches("\\d{4}-.*Z"), "connect time shown");
    }

    long rowsWithData(String tab, String data) {
        browser.switchTo().window(tab);
        // Counted in the page in one go: rows come and go while Selenium would walk them one by one.
        return (Long) browser.executeScript("var wanted = arguments[0];"
                + " return Array.from(document.querySelectorAll('#log td.data'))"
                + ".filter(function (cell) { return cell.textContent === wanted; }).length;", data);
    }

    /** Every tab shows each of these data exactly once: waited for, then a marker published after them proves no repeat comes. */
    void everyTabShowsOnce(URI server, List<String> data) throws Exception {
        var marker = "marker-" + UUID.randomUUID();
        curlPublish(server, marker);
        for (var tab : tabs) {
            waitIn(tab, RECONNECT).until(driver -> rowsWithData(tab, marker) == 1);
            for (var one : data) {
                assertEquals(1, rowsWithData(tab, one), one + " in tab " + tab);
            }
        }
    }

    /** Publishes as a user would from a shell, with curl. */
    static void curlPublish(URI server, String data) throws IOException, InterruptedException {
        var process = new ProcessBuilder("curl", "-sS", "--max-time", "10", "-o", "/dev/null", "-w", "%{http_code}",
                "-H", "Authorization: Bearer " + Publish.token(), "--data-urlencode", "data=" + data,
                server.resolve("stream").toString())
                .redirectErrorStream(true)
                .start();
        assertTrue(process.waitFor(20, TimeUnit.SECONDS), "curl ended");
        assertEquals("202", new String(process.getInputStream().readAllBytes()).trim(), "curl's answer");
    }

    @Test
    void tenTabsShareOneStreamAllTickAndSeeAnEventOnceAndClosingThemEndsIt() throws Exception {
        openTabs(herald.base(), 10, false);
        for (var tab : tabs) {
            awaitOpenAndTicking(tab);
            assertEquals("shared", browser.findElement(By.id("mode")).getAttribute("data-mode"));
        }
        await().atMost(WAIT).until(() -> herald.clients() == clientsBefore + 1);
        waitIn(tabs.get(0), WAIT).until(driver -> "10".equals(driver.findElement(By.id("mode")).getAttribute("data-tabs")));

        var data = "to-every-tab-" + UUID.randomUUID();
        curlPublish(herald.base(), data);
        everyTabShowsOnce(herald.base(), List.of(data));
        screenshots(tabs.subList(0, 4));

        // Closing them one by one: the others keep ticking; the last one closes the connection.
        while (tabs.size() > 1) {
            browser.switchTo().window(tabs.remove(tabs.size() - 1));
            browser.close();
            awaitOpenAndTicking(tabs.get(0));
            assertEquals(1, herald.clients() - clientsBefore, "still one stream for the tabs left");
        }
        browser.switchTo().window(tabs.remove(0));
        browser.close();
        browser.switchTo().window(anchor);
        await().atMost(Duration.ofSeconds(10)).until(() -> herald.clients() == clientsBefore);
    }

    @Test
    void afterTheStreamIsDroppedEveryTabReconnectsAndGetsWhatWasPublishedMeanwhileOnce() throws Exception {
        var proxy = new CuttableProxy(herald.base());
        closeAfter.add(proxy);
        openTabs(proxy.base(), 3, false);
        for (var tab : tabs) {
            awaitOpenAndTicking(tab);
        }

        proxy.cut();
        for (var tab : tabs) {
            waitIn(tab, WAIT).until(driver -> "reconnecting".equals(
                    driver.findElement(By.id("state")).getAttribute("data-state")));
        }
        var missed = List.of("missed-1-" + UUID.randomUUID(), "missed-2-" + UUID.randomUUID());
        for (var data : missed) {
            curlPublish(herald.base(), data);
        }
        for (var tab : tabs) {
            waitIn(tab, RECONNECT).until(driver -> "open".equals(
                    driver.findElement(By.id("state")).getAttribute("data-state")));
        }
        everyTabShowsOnce(herald.base(), missed);
    }

    @Test
    void withoutSharedWorkerEachTabFallsBackToItsOwnStream() throws Exception {
        openTabs(herald.base(), 2, true);
        for (var tab : tabs) {
            awaitOpenAndTicking(tab);
            assertEquals("own", browser.findElement(By.id("mode")).getAttribute("data-mode"));
        }
        await().atMost(WAIT).until(() -> herald.clients() == clientsBefore + 2);
        var data = "own-" + UUID.randomUUID();
        curlPublish(herald.base(), data);
        everyTabShowsOnce(herald.base(), List.of(data));
    }

    @Test
    void turnedAwayAtTheClientLimitEveryTabWaitsAtLeastRetryAfterShowsItAndComesBackByItself() throws Exception {
        int max = Target.intSetting("maxClients");
        var full = new ArrayList<herald.testing.RawStream>();
        closeAfter.add(() -> full.forEach(RawStream::close));
        while (herald.clients() < max) {
            var stream = herald.raw("stream?topic=tabs-full");
            full.add(stream);
            if (stream.status() != 200) {
                break;
            }
        }
        openTabs(herald.base(), 1, false);
        openTabs(herald.base(), 1, true);
        for (var tab : tabs) {
            // A browser's EventSource gives up for good on a 503: the page must not.
            waitIn(tab, WAIT).until(driver -> text("state").matches("reconnecting in \\d+ s"));
            int seconds = Integer.parseInt(text("state").replaceAll("\\D", ""));
            assertTrue(seconds >= 10, "no earlier than the Retry-After of 10 s (herald.retryMillis): " + seconds);
            assertEquals("reconnecting", browser.findElement(By.id("state")).getAttribute("data-state"));
        }
        full.forEach(RawStream::close);
        for (var tab : tabs) {
            waitIn(tab, RECONNECT.plus(WAIT)).until(driver -> "open".equals(
                    driver.findElement(By.id("state")).getAttribute("data-state")));
            awaitOpenAndTicking(tab);
        }
    }

    /** What a person would see: the first tabs side by side, kept as a build artefact. */
    void screenshots(List<String> shown) throws IOException {
        var images = new ArrayList<BufferedImage>();
        for (var tab : shown) {
            browser.switchTo().window(tab);
            images.add(ImageIO.read(new ByteArrayInputStream(browser.getScreenshotAs(OutputType.BYTES))));
        }
        int width = images.get(0).getWidth() / 2;
        int height = images.get(0).getHeight() / 2;
        var grid = new BufferedImage(width * 2, height * 2, BufferedImage.TYPE_INT_RGB);
        var graphics = grid.createGraphics();
        for (int i = 0; i < images.size(); i++) {
            graphics.drawImage(images.get(i), (i % 2) * width, (i / 2) * height, width, height, null);
        }
        graphics.dispose();
        var dir = Files.createDirectories(Path.of("target", "screenshots"));
        ImageIO.write(grid, "png", dir.resolve("TabsIT-" + Target.container() + ".png").toFile());
    }
}
