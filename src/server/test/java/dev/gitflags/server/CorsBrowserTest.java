package dev.gitflags.server;

import dev.gitflags.testing.Browser;
import dev.gitflags.testing.Fixtures;
import dev.gitflags.testing.TestRepo;
import dev.gitflags.testing.WebClientPages;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code --cors-origin} in a real browser (headless Chromium): a page from the listed origin (another port)
 * evaluates flags through the OFREP web provider; the same page from an origin not listed is refused by the browser.
 */
class CorsBrowserTest {

    @TempDir
    Path dir;

    @Test
    void aListedOriginEvaluatesAndAnotherIsRefusedByTheBrowser() throws Exception {
        try (TestRepo repo = Fixtures.Serving.repo(dir.resolve("repo"));
             WebClientPages listed = WebClientPages.start();
             WebClientPages other = WebClientPages.start();
             FlagServer server = FlagServer.start(ServerOptions.of(repo.dir(), "main", 0, Duration.ofSeconds(30))
                     .withProperties(CorsOrigins.properties(List.of(listed.origin()))))) {
            ChromeDriver browser = Browser.start(dir.resolve("profile"), 800, 600);
            try {
                String query = "server=http://127.0.0.1:" + server.port() + "&env=dev&key=banner-text";
                browser.get(listed.page(query));
                new WebDriverWait(browser, Duration.ofSeconds(30))
                        .until(ExpectedConditions.textToBe(By.id("status"), "ready"));
                assertEquals("Welcome to staging", browser.findElement(By.id("value")).getText(), "dev inherits it");

                browser.get(other.page(query));
                new WebDriverWait(browser, Duration.ofSeconds(30))
                        .until(ExpectedConditions.textMatches(By.id("status"), java.util.regex.Pattern.compile("error.*")));
                assertEquals("code-default", browser.findElement(By.id("value")).getText());
                // The server answered (the browser sent the preflight), the browser kept the answer from the page.
                assertTrue(browser.findElement(By.id("status")).getText().startsWith("error"));
            } finally {
                browser.quit();
            }
        }
    }
}
