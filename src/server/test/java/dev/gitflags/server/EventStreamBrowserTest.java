package dev.gitflags.server;

import dev.gitflags.testing.Browser;
import dev.gitflags.testing.Fixtures;
import dev.gitflags.testing.TestRepo;
import dev.gitflags.testing.WebClientPages;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
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
import static org.junit.jupiter.api.Assertions.assertNotEquals;

/**
 * The real browser client: the OpenFeature web SDK with {@code @openfeature/ofrep-web-provider} in headless
 * Chromium, on a page from another origin, against the real server following a real git repository. A commit
 * reaches the page's flag value through the event stream: without a reload, and long before the provider's poll
 * (an hour). With a token the page presents an evaluate-only token, and the stream's advertised URL carries the
 * credential that EventSource, which sends no headers, needs.
 */
class EventStreamBrowserTest {

    private static final Duration POLL = Duration.ofMillis(100);

    @TempDir
    Path dir;

    private WebClientPages pages;
    private ChromeDriver browser;

    @BeforeEach
    void start() throws Exception {
        pages = WebClientPages.start();
        browser = Browser.start(dir.resolve("profile"), 800, 600);
    }

    @AfterEach
    void stop() {
        browser.quit();
        pages.close();
    }

    @Test
    void aCommitReachesThePageWithoutAReloadOrAPoll() throws Exception {
        try (TestRepo repo = Fixtures.Serving.repo(dir.resolve("repo"));
             FlagServer server = FlagServer.start(ServerOptions.of(repo.dir(), "main", 0, POLL)
                     .withProperties(CorsOrigins.properties(List.of(pages.origin()))))) {
            followsACommit(repo, server, "");
        }
    }

    @Test
    void withTokensAnEvaluateTokenAndTheStreamCredentialAreEnough() throws Exception {
        try (TestRepo repo = Fixtures.Serving.repo(dir.resolve("repo"));
             FlagServer server = FlagServer.start(ServerOptions.of(repo.dir(), "main", 0, POLL)
                     .withToken(ApiToken.of("full-token").withScoped(ApiToken.Scope.EVALUATE, "browser-token"))
                     .withProperties(CorsOrigins.properties(List.of(pages.origin()))))) {
            followsACommit(repo, server, "&token=browser-token");
        }
    }

    private void followsACommit(TestRepo repo, FlagServer server, String token) {
        browser.get(pages.page("server=http://127.0.0.1:" + server.port() + "&env=staging&key=banner-text" + token));
        WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(30));
        wait.until(ExpectedConditions.textToBe(By.id("status"), "ready"));
        assertEquals("Welcome to staging", browser.findElement(By.id("value")).getText());
        Object loadedAt = browser.executeScript("return window.loadedAt");

        repo.write("environments/staging.yaml", Fixtures.Serving.STAGING.replace("Welcome to staging", "Live!"))
                .commit("staging banner");
        // The provider polls once an hour: only the stream can bring this within the wait.
        new WebDriverWait(browser, Duration.ofSeconds(15))
                .until(ExpectedConditions.textToBe(By.id("value"), "Live!"));
        assertEquals(loadedAt, browser.executeScript("return window.loadedAt"), "the page was not reloaded");
        assertNotEquals("0", browser.findElement(By.id("changes")).getText());
    }
}
