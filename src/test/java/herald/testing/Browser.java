package herald.testing;

import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;

/**
 * Debian's headless Chromium through Debian's chromedriver. Nothing is downloaded: the paths are
 * fixed, so that Selenium Manager never runs. The flags keep Chromium off the network, which this
 * machine does not have (without them it keeps trying Google's hosts).
 */
public final class Browser {

    public static final String CHROMIUM = System.getProperty("chromium.binary", "/usr/bin/chromium");
    public static final String CHROMEDRIVER = System.getProperty("webdriver.chrome.driver", "/usr/bin/chromedriver");

    private Browser() {
    }

    public static ChromeDriver start() {
        System.setProperty("webdriver.chrome.driver", CHROMEDRIVER);
        File profile;
        try {
            profile = Files.createTempDirectory("herald-chromium").toFile();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        var options = new ChromeOptions()
                .setBinary(CHROMIUM)
                .addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                        "--disable-background-networking", "--disable-component-update", "--disable-sync",
                        "--disable-dev-shm-usage", "--window-size=1280,900",
                        "--user-data-dir=" + profile.getAbsolutePath());
        var service = new ChromeDriverService.Builder()
                .usingDriverExecutable(new File(CHROMEDRIVER))
                .usingAnyFreePort()
                .build();
        // The profile is the test's to remove: a browser per test class would otherwise leave one in the
        // temporary directory for every run of the build.
        return new ChromeDriver(service, options) {
            @Override
            public void quit() {
                try {
                    super.quit();
                } finally {
                    delete(profile.toPath());
                }
            }
        };
    }

    /** Removes what it can: Chromium may still be closing a file as it exits, and a leftover is no failure. */
    private static void delete(Path root) {
        try (var paths = Files.walk(root)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException | UncheckedIOException e) {
            // nothing to do: the temporary directory keeps what could not be removed
        }
    }
}
