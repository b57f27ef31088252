package dev.gitflags.bench;

import dev.gitflags.internal.Snapshot;
import dev.gitflags.server.FlagServer;
import dev.gitflags.server.ServerOptions;
import dev.gitflags.server.web.SyntheticSnapshots;
import dev.gitflags.testing.Browser;
import org.openqa.selenium.By;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/**
 * Bench (not a test): how long the web view takes to show its first screen for 10,000 flags × 50 environments
 * (100,000 overrides, tree depth 6) in headless Chromium, measured by the page itself: navigation start → the
 * first animation frame painted after the rows were inserted ({@code performance.mark('gitflags-first-screen')}).
 *
 * <p>The real server and controller serve a snapshot built by the real resolver from generated models (swapped
 * into the server's holder; loading YAML is measured by the loader's own benchmark). A snapshot's matrix index is
 * built in the background within a second of the swap (or by the first request, if sooner), so first visits right
 * after a swap and a few seconds later are reported apart from warm visits. Run after {@code mvn test-compile}:
 * {@code java -cp src/server/target/test-classes:src/server/target/classes:$(cat src/server/target/test-classpath.txt) dev.gitflags.bench.FirstScreenBench [loads]}
 */
public final class FirstScreenBench {

    private static final int FLAGS = 10_000;
    private static final int ENVIRONMENTS = 50;

    private FirstScreenBench() {
    }

    public static void main(String[] args) throws Exception {
        int loads = args.length > 0 ? Integer.parseInt(args[0]) : 15;
        Snapshot snapshot = SyntheticSnapshots.generate(FLAGS, ENVIRONMENTS, 5, 1);
        long overrides = snapshot.environments().values().stream().mapToLong(e -> e.overrides().size()).sum();
        int depth = snapshot.graph().treeOrder().stream().mapToInt(snapshot.graph()::depth).max().orElse(0);
        Path profile = Files.createTempDirectory("gitflags-bench-chromium");
        try (FlagServer server = FlagServer.start(ServerOptions.of(Path.of("example-repo"), null, 0, Duration.ofHours(1)))) {
            server.holder().serve(snapshot, "bench-" + FLAGS + "x" + ENVIRONMENTS, null, Instant.now());
            ChromeDriver browser = Browser.start(profile, 1440, 900);
            try {
                browser.get(server.url() + "/web/favicon.svg");
                System.out.printf("web view first screen: %,d flags × %d environments, %,d overrides, depth %d%n",
                        snapshot.flagKeys().size(), snapshot.graph().treeOrder().size(), overrides, depth);
                Map<String, Object> first = load(browser, server.url());
                System.out.printf("  first visit after start-up (browser and server code paths cold): %s%n", describe(first));
                List<Double> screens = new ArrayList<>();
                Map<String, Object> last = first;
                for (int i = 0; i < loads; i++) {
                    last = load(browser, server.url());
                    screens.add(((Number) last.get("screen")).doubleValue());
                }
                Collections.sort(screens);
                System.out.printf("  warm visits (%d): first screen median %.0f ms, p90 %.0f ms, max %.0f ms%n", loads,
                        screens.get(screens.size() / 2), screens.get((int) Math.ceil(screens.size() * 0.9) - 1),
                        screens.get(screens.size() - 1));
                System.out.printf("  last warm visit: %s%n", describe(last));
                server.holder().serve(SyntheticSnapshots.generate(FLAGS, ENVIRONMENTS, 5, 1), "bench-reloaded", null,
                        Instant.now());
                System.out.printf("  first visit right after a reload (may race the background indexing): %s%n",
                        describe(load(browser, server.url())));
                server.holder().serve(SyntheticSnapshots.generate(FLAGS, ENVIRONMENTS, 5, 1), "bench-reloaded-2", null,
                        Instant.now());
                Thread.sleep(3_000);
                System.out.printf("  first visit 3 s after a reload (indexed in the background): %s%n",
                        describe(load(browser, server.url())));
                System.out.printf("  rows on the first screen: %s of %s, cells: %s%n",
                        browser.executeScript("return document.querySelectorAll('#matrix-body tr').length"),
                        FLAGS, browser.executeScript("return document.querySelectorAll('#matrix-body td').length"));
            } finally {
                browser.quit();
            }
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> load(ChromeDriver browser, String url) {
        browser.get(url + "/");
        new WebDriverWait(browser, Duration.ofSeconds(60)).until(driver ->
                "true".equals(driver.findElement(By.tagName("body")).getAttribute("data-ready")));
        return (Map<String, Object>) browser.executeScript("""
                const mark = (name) => performance.getEntriesByName(name)[0].startTime;
                const api = performance.getEntriesByType('resource').find(r => r.name.includes('/api/v1/matrix'));
                return {screen: mark('gitflags-first-screen'), rows: mark('gitflags-first-rows'),
                        apiStart: api.startTime, apiMillis: api.duration, apiBytes: api.encodedBodySize,
                        apiDecoded: api.decodedBodySize};
                """);
    }

    private static String describe(Map<String, Object> timing) {
        return String.format("first screen %.0f ms (rows in DOM at %.0f ms; /api/v1/matrix requested at %.0f ms, "
                        + "answered in %.0f ms, %,d bytes on the wire, %,d bytes of JSON)",
                number(timing, "screen"), number(timing, "rows"), number(timing, "apiStart"),
                number(timing, "apiMillis"), (long) number(timing, "apiBytes"), (long) number(timing, "apiDecoded"));
    }

    private static double number(Map<String, Object> timing, String key) {
        return ((Number) timing.get(key)).doubleValue();
    }
}
