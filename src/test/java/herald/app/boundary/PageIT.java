package herald.app.boundary;

import herald.testing.Deployed;
import herald.testing.Jwts;
import herald.testing.Target;
import herald.testing.Browser;
import herald.testing.Publish;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The page in a real headless Chromium: it connects, shows the connect time, and its clock ticks. */
class PageIT extends Deployed {

    ChromeDriver browser;

    @BeforeEach
    void start() {
        browser = Browser.start();
    }

    @AfterEach
    void stop() throws Exception {
        try {
            var shot = browser.getScreenshotAs(OutputType.FILE).toPath();
            var dir = Files.createDirectories(Path.of("target", "screenshots"));
            Files.copy(shot, dir.resolve(getClass().getSimpleName() + "-" + Target.container() + ".png"), StandardCopyOption.REPLACE_EXISTING);
        } finally {
            browser.quit();
        }
    }

    @Test
    void servesThePageWithAPolicyThatAllowsOnlyItsOwnScriptsStylesAndOrigin() {
        for (var path : new String[] {"", "index.html", "herald.js", "herald-source.js", "herald-worker.js", "herald.css"}) {
            var response = herald.get(path);
            assertEquals(200, response.statusCode(), path);
            var policy = response.headers().firstValue("Content-Security-Policy").orElse("");
            assertTrue(policy.contains("default-src 'none'") && policy.contains("script-src 'self'")
                    && policy.contains("style-src 'self'") && policy.contains("connect-src 'self'"), path + ": " + policy);
            assertEquals("nosniff", response.headers().firstValue("X-Content-Type-Options").orElse(""), path);
        }
        // The page works under it: nothing it does is blocked.
        browser.executeCdpCommand("Page.addScriptToEvaluateOnNewDocument", java.util.Map.of("source",
                "window.cspViolations = []; document.addEventListener('securitypolicyviolation',"
                        + " e => window.cspViolations.push(e.violatedDirective + ' ' + e.blockedURI));"));
        browser.get(herald.base().toString());
        var wait = new WebDriverWait(browser, Duration.ofSeconds(10));
        awaitState(wait, "open");
        wait.until(driver -> driver.findElement(By.id("clock")).getText().matches("\\d{4}-.*Z"));
        assertEquals("[]", String.valueOf(browser.executeScript("return JSON.stringify(window.cspViolations)")));
    }

    @Test
    void showsTheStreamOpenAndTheClockTicking() {
        browser.get(herald.base().toString());
        var wait = new WebDriverWait(browser, Duration.ofSeconds(10));
        var state = By.id("state");
        awaitState(wait, "open");
        assertEquals("open", browser.findElement(state).getText());

        var clock = By.id("clock");
        wait.until(driver -> driver.findElement(clock).getText().matches("\\d{4}-.*Z"));
        var first = browser.findElement(clock).getText();
        wait.until(driver -> !driver.findElement(clock).getText().equals(first));
        assertTrue(browser.findElement(By.id("connecttime")).getText().matches("\\d{4}-.*Z"));
        assertEquals("connecttime", browser.findElement(By.cssSelector("#log tr:last-child td.type")).getText(),
                "the log starts with the greeting (ticks go to the clock, not the log)");
        assertTrue(herald.clients() >= 1, "the page holds a stream");
    }

    @Test
    void subscribesToTopicsAndPublishesWithTheFormShowingIdsAndTypes() {
        browser.get(herald.base().toString());
        var wait = new WebDriverWait(browser, Duration.ofSeconds(10));
        awaitState(wait, "open");

        replace(By.id("topics"), "page-news page-other");
        browser.findElement(By.cssSelector("#subscribe button")).click();
        wait.until(driver -> driver.findElement(By.id("stream-url")).getText()
                .equals("stream?topic=page-news&topic=page-other"));
        awaitState(wait, "open");

        replace(By.id("token"), Publish.token());
        replace(By.id("pub-topic"), "page-news");
        replace(By.id("pub-event"), "headline");
        replace(By.id("pub-data"), "first line\nsecond line");
        browser.findElement(By.cssSelector("#publish button")).click();
        wait.until(driver -> driver.findElement(By.id("publish-result")).getText().startsWith("Published as "));
        var id = browser.findElement(By.id("publish-result")).getText().substring("Published as ".length());

        var row = By.xpath("//tbody[@id='log']/tr[td[@class='id']='" + id + "']");
        wait.until(driver -> !driver.findElements(row).isEmpty());
        var cells = browser.findElement(row).findElements(By.tagName("td"));
        assertEquals("headline", cells.get(1).getText());
        assertEquals("first line\nsecond line", cells.get(3).getText());

        var curlId = herald.publish("page-other", null, "from elsewhere");
        wait.until(driver -> !driver.findElements(By.xpath("//tbody[@id='log']/tr[td[@class='id']='" + curlId + "']")).isEmpty());

        replace(By.id("token"), "wrong");
        browser.findElement(By.cssSelector("#publish button")).click();
        wait.until(driver -> driver.findElement(By.id("publish-result")).getText().startsWith("401"));
    }

    /** Waits until the page shows the stream in this state ({@code #state}'s {@code data-state}). */
    static void awaitState(WebDriverWait wait, String state) {
        wait.until(driver -> state.equals(driver.findElement(By.id("state")).getAttribute("data-state")));
    }

    void replace(By field, String text) {
        var element = browser.findElement(field);
        element.clear();
        element.sendKeys(text);
    }

    @Test
    void aPrivateTopicIsRefusedWithAClearMessageWithoutATokenAndOpensWithOneThroughTheCookie() {
        browser.get(herald.base().toString());
        var wait = new WebDriverWait(browser, Duration.ofSeconds(20));
        awaitState(wait, "open");

        replace(By.id("topics"), "private.page");
        replace(By.id("types"), "n");
        browser.findElement(By.cssSelector("#subscribe button")).click();
        awaitState(wait, "refused");
        assertTrue(browser.findElement(By.id("stream-error")).getText().contains("private"),
                browser.findElement(By.id("stream-error")).getText());

        replace(By.id("sub-token"), Jwts.token(List.of("private.*"), List.of()));
        browser.findElement(By.cssSelector("#subscribe button")).click();
        awaitState(wait, "open");
        assertEquals("", browser.findElement(By.id("stream-error")).getText());
        var id = herald.publish("private.page", "n", "for token holders");
        wait.until(driver -> !driver.findElements(By.xpath("//tbody[@id='log']/tr[td[@class='id']='" + id + "']")).isEmpty());
        assertTrue(browser.manage().getCookieNamed("herald_token") != null, "the token travels as the cookie herald_token");
    }
}
