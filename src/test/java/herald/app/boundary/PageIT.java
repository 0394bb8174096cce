package herald.app.boundary;

import herald.testing.Browser;
import herald.testing.Http;
import herald.testing.Target;
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

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The page in a real headless Chromium: it connects, shows the connect time, and its clock ticks. */
class PageIT {

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
            Files.copy(shot, dir.resolve(getClass().getSimpleName() + ".png"), StandardCopyOption.REPLACE_EXISTING);
        } finally {
            browser.quit();
        }
    }

    @Test
    void showsTheStreamOpenAndTheClockTicking() {
        browser.get(Target.base().toString());
        var wait = new WebDriverWait(browser, Duration.ofSeconds(10));
        var state = By.id("state");
        wait.until(driver -> "open".equals(driver.findElement(state).getAttribute("data-state")));
        assertEquals("open", browser.findElement(state).getText());

        var clock = By.id("clock");
        wait.until(driver -> driver.findElement(clock).getText().matches("\\d{4}-.*Z"));
        var first = browser.findElement(clock).getText();
        wait.until(driver -> !driver.findElement(clock).getText().equals(first));
        assertTrue(browser.findElement(By.id("connecttime")).getText().matches("\\d{4}-.*Z"));
        assertTrue(browser.findElements(By.cssSelector("#log li")).size() >= 2, "the log lists events");
        assertTrue(Http.clients() >= 1, "the page holds a stream");
    }
}
