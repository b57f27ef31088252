package dev.gitflags.testing;

import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.fail;

/**
 * Debian's headless Chromium driven by its own chromedriver, both at fixed paths so Selenium Manager never looks
 * for (or downloads) a browser. A missing browser fails the test with the command that installs it.
 */
public final class Browser {

    public static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    public static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");

    private Browser() {
    }

    /** Starts a headless browser with its profile in {@code profile} and a window of the given size. */
    public static ChromeDriver start(Path profile, int width, int height) throws IOException {
        if (!Files.isExecutable(CHROMIUM) || !Files.isExecutable(CHROMEDRIVER)) {
            fail("the web view tests need Debian's chromium and chromium-driver (" + CHROMIUM + ", " + CHROMEDRIVER
                    + "); install them with .ci/install-browser.sh (apt-get install chromium chromium-driver)");
        }
        System.setProperty("webdriver.chrome.driver", CHROMEDRIVER.toString());
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--no-first-run", "--disable-extensions", "--window-size=" + width + "," + height,
                "--user-data-dir=" + Files.createDirectories(profile).toAbsolutePath());
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(new File(CHROMEDRIVER.toString()))
                .usingAnyFreePort()
                .build();
        return new ChromeDriver(service, options);
    }
}
