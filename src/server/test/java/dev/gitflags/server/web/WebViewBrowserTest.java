package dev.gitflags.server.web;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gitflags.internal.Snapshot;
import dev.gitflags.internal.eval.EvaluationContext;
import dev.gitflags.internal.eval.EvaluationResult;
import dev.gitflags.internal.eval.Evaluator;
import dev.gitflags.internal.eval.Reason;
import dev.gitflags.internal.graph.ResolvedFlag;
import dev.gitflags.internal.model.Environment;
import dev.gitflags.internal.model.FlagOverride;
import dev.gitflags.server.ServedState;
import dev.gitflags.testing.Browser;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The web view in a real browser (headless Chromium) against the real server serving the example repo, committed
 * into a git repo: every flag and environment shows, overridden cells are marked with their source, the filters
 * narrow the rows, every cell draws what requests get (rules, split or rollout first, then the rest), and a broken
 * commit raises the banner while the last good snapshot stays on screen.
 */
class WebViewBrowserTest {

    /** Set {@code -Dgitflags.screenshot=docs/screenshot.png} to refresh the README's screenshot. */
    private static final String SCREENSHOT_PROPERTY = "gitflags.screenshot";

    @TempDir
    Path dir;
    @TempDir
    Path profile;

    private ServedExampleRepo served;
    private ChromeDriver browser;
    private WebDriverWait wait;

    @BeforeEach
    void start() throws Exception {
        served = ServedExampleRepo.start(dir);
        browser = Browser.start(profile, 1440, 900);
        wait = new WebDriverWait(browser, Duration.ofSeconds(10));
    }

    @AfterEach
    void stop() throws Exception {
        try {
            if (browser != null) {
                browser.quit();
            }
        } finally {
            served.close();
        }
    }

    @Test
    void showsEveryFlagAndEnvironmentAndMarksOverriddenCellsWithTheirSource() throws Exception {
        Snapshot snapshot = served.snapshot();
        open("/");

        List<String> columns = browser.findElements(By.cssSelector("#matrix-head th.env")).stream()
                .map(th -> th.getAttribute("data-env")).toList();
        assertEquals(snapshot.graph().treeOrder(), columns, "every environment, in inheritance-tree order");
        assertEquals(snapshot.flagKeys(), rowKeys(), "every flag");
        assertTrue(browser.findElement(By.id("served")).getText().contains(snapshot.commit().substring(0, 12)));
        assertFalse(browser.findElement(By.id("rejected")).isDisplayed());

        for (Environment environment : snapshot.environments().values()) {
            for (FlagOverride override : environment.overrides().values()) {
                WebElement cell = cell(environment.slug(), override.flagKey());
                assertTrue(cell.getAttribute("class").contains("overridden"), environment.slug() + "/" + override.flagKey());
                assertTrue(cell.getAttribute("title").contains("@ " + environment.file() + ":"), cell.getAttribute("title"));
            }
        }
        // feature-checkout-v2 overrides nothing of new-checkout: its value comes from dev, drawn differently.
        WebElement inherited = cell("feature-checkout-v2", "new-checkout");
        assertTrue(inherited.getAttribute("class").contains("inherited"));
        assertFalse(inherited.getAttribute("class").contains("overridden"));
        assertTrue(inherited.getAttribute("title").startsWith("inherited from dev @ environments/dev.yaml:"),
                inherited.getAttribute("title"));
        assertFalse(inherited.getCssValue("background-color").equals(
                cell("dev", "new-checkout").getCssValue("background-color")), "overridden cells look different");

        cell("eu-production", "new-checkout").click();
        WebElement detail = wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("detail")));
        assertTrue(detail.getText().contains("new-checkout in eu-production (overridden here)"), detail.getText());
        assertTrue(detail.getText().contains("environments/eu-production.yaml:"), detail.getText());
        assertEquals(1, browser.findElements(By.cssSelector("#detail-fields tr.here")).size(), "enabled is set here");
        screenshot();
    }

    @Test
    @SuppressWarnings("unchecked")
    void everyCellDrawsWhatRequestsGetTheStepsFirstThenTheRest() throws Exception {
        Snapshot snapshot = served.snapshot();
        open("/");
        // Read in one script call: per cell its first line, its "else" line (if any), how the first line is drawn.
        List<Map<String, Object>> cells = (List<Map<String, Object>>) browser.executeScript("""
                return Array.from(document.querySelectorAll('td.cell')).map(td => {
                  const v = td.querySelector('.v'), rest = td.querySelector('.else');
                  return {env: td.dataset.env, flag: td.dataset.flag, first: v.textContent,
                    rest: rest ? rest.textContent : null, decoration: getComputedStyle(v).textDecorationLine};
                });""");
        assertEquals(snapshot.flagKeys().size() * snapshot.environments().size(), cells.size());
        ObjectMapper json = new ObjectMapper();
        for (Map<String, Object> cell : cells) {
            ResolvedFlag flag = snapshot.flag((String) cell.get("env"), (String) cell.get("flag")).orElseThrow();
            // a request without targeting key or attributes is reached by no condition, split or partial rollout
            EvaluationResult rest = Evaluator.evaluate(flag, EvaluationContext.EMPTY);
            String value = json.writeValueAsString(rest.value());
            String where = cell.toString();
            assertEquals("none", cell.get("decoration"), "what is drawn is served, never struck through: " + where);
            boolean targeted = !flag.rules().isEmpty() || !flag.variants().isEmpty() || flag.rolloutPercentage() != null
                    && flag.rolloutPercentage() > 0 && flag.rolloutPercentage() < 100;
            if (rest.reason() == Reason.DISABLED || !targeted) {
                assertEquals(value, cell.get("first"), where);
                assertNull(cell.get("rest"), where);
            } else {
                assertEquals("else " + value, cell.get("rest"), where);
                assertFalse(((String) cell.get("first")).isEmpty(), where);
            }
        }
        // feature-checkout-v2 splits every keyed request to green: the split first, then what unkeyed ones get
        WebElement color = cell("feature-checkout-v2", "checkout-button-color");
        assertEquals("split green 100%", color.findElement(By.cssSelector(".v")).getText());
        assertEquals("else \"green\"", color.findElement(By.cssSelector(".else")).getText());
        assertTrue(color.getAttribute("title").contains("first: split green 100%\nelse: \"green\""),
                color.getAttribute("title"));
        // referral-program is inactive: it serves false, although its default_value is true
        WebElement referral = cell("production", "referral-program");
        assertEquals("false", referral.findElement(By.cssSelector(".v")).getText());
        assertTrue(referral.getAttribute("class").contains("off"));

        cell("production", "dark-mode").click();
        WebElement detail = wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("detail")));
        List<String> steps = browser.findElements(By.cssSelector("#detail-steps li")).stream()
                .map(WebElement::getText).toList();
        assertEquals(List.of("apps-with-dark-theme (priority 10): app_version semver_gt \"4.9.9\" -> serve true",
                "rollout 25% of targeting keys: true", "else: false (DEFAULT)"), steps, detail.getText());
    }

    @Test
    void theTextTagAndDiffersFiltersNarrowTheRows() {
        Snapshot snapshot = served.snapshot();
        open("/");
        int all = rowKeys().size();

        browser.findElement(By.id("filter-text")).sendKeys("check");
        wait.until(driver -> rowKeys().size() < all);
        List<String> checkout = rowKeys();
        assertFalse(checkout.isEmpty());
        assertTrue(checkout.contains("new-checkout"));
        assertFalse(checkout.contains("dark-mode"));
        assertTrue(browser.getCurrentUrl().contains("q=check"), "the filter is in the URL to share");

        browser.findElement(By.id("filter-text")).clear();
        browser.findElement(By.id("filter-text")).sendKeys("zzz-no-such-flag");
        wait.until(driver -> rowKeys().isEmpty());
        assertTrue(browser.findElement(By.id("empty")).isDisplayed());

        browser.get(served.url() + "/");
        waitUntilReady();
        new Select(browser.findElement(By.id("filter-tag"))).selectByValue("experiment");
        wait.until(driver -> rowKeys().size() < all);
        List<String> experiments = snapshot.flagKeys().stream()
                .filter(key -> snapshot.flags().get(key).tags().contains("experiment")).toList();
        assertEquals(experiments, rowKeys());

        new Select(browser.findElement(By.id("filter-tag"))).selectByIndex(0);
        // all rows back first: else the next wait could pass on the tag filter's rows, before "differs" applies
        wait.until(driver -> rowKeys().size() == all);
        browser.findElement(By.id("filter-differs")).click();
        wait.until(driver -> rowKeys().size() < all);
        assertTrue(rowKeys().contains("new-checkout"));
        // every shown flag has at least one cell marked as differing from its parent
        for (String key : rowKeys()) {
            assertFalse(browser.findElements(By.cssSelector("tr[data-flag='" + key + "'] td.cell.differs")).isEmpty(), key);
        }
    }

    @Test
    void aBrokenCommitRaisesTheBannerWithItsLocatedErrorsWhileTheLastGoodSnapshotStays() throws Exception {
        String good = served.snapshot().commit();
        open("/");
        String broken = served.commit("environments/staging.yaml", """
                name: Staging
                parent: production
                overrides:
                  new-chekout:
                    rollout_percentage: 100
                """);
        ServedState state = served.await(s -> s.rejection() != null && s.rejection().version().equals(broken));
        assertNotNull(state.snapshot());

        browser.navigate().refresh();
        waitUntilReady();
        WebElement banner = wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("rejected")));
        assertTrue(banner.getText().contains(broken.substring(0, 12)), banner.getText());
        assertTrue(banner.getText().contains("environments/staging.yaml:4:"), banner.getText());
        assertTrue(banner.getText().contains("new-chekout"), banner.getText());
        assertTrue(browser.findElement(By.id("served")).getText().contains(good.substring(0, 12)),
                "the last good commit is still served");
        assertEquals(served.snapshot().flagKeys(), rowKeys(), "the matrix still shows the last good snapshot");
    }

    /**
     * Each row names its owner and expiry; the "expired / stale" filter keeps the flags due for removal — here, as
     * the example stands, the two that serve one value everywhere and the one with a dead override — and is in the
     * URL, so a link opens the same list.
     */
    @Test
    void rowsShowOwnerAndExpiryAndTheStaleFilterIsInTheUrl() {
        open("/");
        String checkout = browser.findElement(By.cssSelector("tr[data-flag='new-checkout'] .flag-life")).getText();
        assertEquals("team-checkout · expires 2027-03-31", checkout);
        assertEquals("team-sre · permanent",
                browser.findElement(By.cssSelector("tr[data-flag='maintenance-banner'] .flag-life")).getText());

        browser.findElement(By.id("filter-stale")).click();
        List<String> stale = List.of("legacy-paypal-button", "new-checkout", "referral-program");
        wait.until(driver -> rowKeys().equals(stale));
        assertTrue(browser.getCurrentUrl().contains("stale=true"), browser.getCurrentUrl());
        assertEquals("dead override", browser.findElement(By.cssSelector("tr[data-flag='new-checkout'] .stale-mark"))
                .getText());
        assertEquals("one value", browser.findElement(By.cssSelector("tr[data-flag='referral-program'] .stale-mark"))
                .getText());

        open("/?stale=true");
        assertEquals(stale, rowKeys());
        assertTrue(browser.findElement(By.id("filter-stale")).isSelected());
    }

    private void open(String path) {
        browser.get(served.url() + path);
        waitUntilReady();
    }

    private void waitUntilReady() {
        wait.until(driver -> "true".equals(driver.findElement(By.tagName("body")).getAttribute("data-ready")));
    }

    /** Read in one script call, so a re-render between two reads cannot leave a stale element. */
    @SuppressWarnings("unchecked")
    private List<String> rowKeys() {
        return (List<String>) browser.executeScript(
                "return Array.from(document.querySelectorAll('#matrix-body tr')).map(tr => tr.dataset.flag);");
    }

    private WebElement cell(String environment, String flag) {
        return browser.findElement(By.cssSelector("td.cell[data-env='" + environment + "'][data-flag='" + flag + "']"));
    }

    /** Always into target/ (a CI artifact); into the README's image only when asked. */
    private void screenshot() throws Exception {
        Path shot = browser.getScreenshotAs(OutputType.FILE).toPath();
        Files.createDirectories(Path.of("target"));
        Files.copy(shot, Path.of("target/web-view.png"), StandardCopyOption.REPLACE_EXISTING);
        String readme = System.getProperty(SCREENSHOT_PROPERTY);
        if (readme != null && !readme.isBlank()) {
            Files.createDirectories(Path.of(readme).toAbsolutePath().getParent());
            Files.copy(shot, Path.of(readme), StandardCopyOption.REPLACE_EXISTING);
        }
    }

}
