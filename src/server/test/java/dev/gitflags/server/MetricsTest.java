package dev.gitflags.server;

import dev.gitflags.testing.Fixtures;
import dev.gitflags.testing.TestRepo;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * {@code GET /metrics}, scraped from a real server as Prometheus would: evaluations by environment, flag and
 * reason within the documented bound, reload outcomes, the served commit's age, HTTP latency histograms per route,
 * the OpenMetrics format on request, and the token like every data endpoint.
 */
class MetricsTest {

    private static final Duration POLL = Duration.ofMillis(100);
    private static final String CONTEXT = "{\"context\": {\"targetingKey\": \"user-1\", \"plan\": \"beta\"}}";

    @TempDir
    Path dir;

    @Test
    void countsEvaluationsByEnvironmentFlagAndReasonAndReloadsByOutcome() throws Exception {
        try (TestRepo repo = Fixtures.Serving.repo(dir);
             FlagServer server = FlagServer.start(ServerOptions.of(dir, "main", 0, POLL))) {
            Http http = new Http(server);
            for (int i = 0; i < 3; i++) {
                assertEquals(200, http.post("/ofrep/v1/evaluate/flags/banner-text", CONTEXT).status());
            }
            assertEquals(200, http.post("/ofrep/v1/evaluate/flags/new-checkout", CONTEXT,
                    "X-Environment", "staging").status());
            assertEquals(404, http.post("/ofrep/v1/evaluate/flags/no-such-flag", CONTEXT).status());
            assertEquals(404, http.post("/ofrep/v1/evaluate/flags/another-typo", CONTEXT).status());

            String text = scrape(http);
            assertEquals(3.0, value(text, "gitflags_evaluations_total",
                    Map.of("environment", "production", "flag", "banner-text", "reason", "STATIC")));
            assertEquals(1.0, value(text, "gitflags_evaluations_total",
                    Map.of("environment", "staging", "flag", "new-checkout", "reason", "TARGETING_MATCH")));
            assertEquals(2.0, value(text, "gitflags_evaluations_total",
                    Map.of("environment", "production", "flag", "_unknown", "reason", "ERROR")));
            assertFalse(text.contains("flag=\"no-such-flag\""), "a key a client made up is no series");
            assertEquals(1.0, value(text, "gitflags_reloads_total", Map.of("outcome", "served")));
            double age = value(text, "gitflags_served_commit_age_seconds", Map.of());
            assertTrue(age >= 0 && age < 600, "the commit was made just now: " + age);
            assertEquals(0.0, value(text, "gitflags_degraded", Map.of()));
            // The route's template, not the path: one histogram however many flag keys are asked for (and
            // Micronaut tags every 404 NOT_FOUND, so made-up paths add no series either).
            assertEquals(4.0, value(text, "http_server_requests_seconds_count", Map.of("method", "POST",
                    "status", "200", "uri", "/ofrep/v1/evaluate/flags/{key}")));
            assertEquals(2.0, value(text, "http_server_requests_seconds_count", Map.of("method", "POST",
                    "status", "404", "uri", "NOT_FOUND")));
            assertTrue(text.contains("http_server_requests_seconds_bucket{"), "a latency histogram");

            repo.write("environments/staging.yaml", "name: Staging\nparent: production\noverrides:\n"
                    + "  bannner-text:\n    default_value: typo\n").commit("broken");
            awaitMetric(http, "gitflags_reloads_total", Map.of("outcome", "invalid"), 1.0);
            assertEquals(1.0, value(scrape(http), "gitflags_degraded", Map.of()));
        }
    }

    @Test
    void flagSeriesStopAtTheirBoundAndTheRestCountAsOther() throws Exception {
        try (TestRepo repo = Fixtures.Serving.repo(dir);
             FlagServer server = FlagServer.start(ServerOptions.of(dir, "main", 0, POLL)
                     .withProperties(Map.of("gitflags.metrics.max-flag-series", 2)))) {
            Http http = new Http(server);
            assertEquals(200, http.post("/ofrep/v1/evaluate/flags", CONTEXT).status());
            assertEquals(200, http.post("/ofrep/v1/evaluate/flags", CONTEXT).status());

            String text = scrape(http);
            List<String> flags = labelValues(text, "gitflags_evaluations_total", "flag");
            assertEquals(3, flags.size(), "two flags and _other: " + flags);
            assertTrue(flags.contains(EvaluationMetrics.OTHER_FLAGS), flags.toString());
            int total = Fixtures.Serving.FLAGS.split("\n    type: ").length - 1;
            double counted = sum(text, "gitflags_evaluations_total");
            assertEquals(2.0 * total, counted, "every evaluation of the two bulk requests is counted once");
        }
    }

    @Test
    void speaksOpenMetricsWhenAskedAndNeedsTheTokenWhenOneIsSet() throws Exception {
        try (TestRepo repo = Fixtures.Serving.repo(dir);
             FlagServer server = FlagServer.start(ServerOptions.of(dir, "main", 0, POLL)
                     .withToken(ApiToken.of("metrics-secret")))) {
            Http http = new Http(server);
            assertEquals(401, http.get("/metrics").status());
            Http.Reply open = http.get("/metrics", "Authorization", "Bearer metrics-secret",
                    "Accept", "application/openmetrics-text; version=1.0.0,text/plain;version=0.0.4;q=0.5");
            assertEquals(200, open.status());
            assertTrue(open.header("Content-Type").startsWith("application/openmetrics-text"), open.header("Content-Type"));
            assertTrue(open.body().strip().endsWith("# EOF"), "OpenMetrics ends with # EOF");
            Http.Reply plain = http.get("/metrics", "X-API-Key", "metrics-secret");
            assertTrue(plain.header("Content-Type").startsWith("text/plain; version=0.0.4"), plain.header("Content-Type"));
            assertTrue(plain.body().contains("# TYPE gitflags_reloads_total counter"), plain.body());
        }
    }

    @Test
    void countsOpenStreamsByServedEnvironmentAndDropsTheSeriesOfOneNoLongerServed() throws Exception {
        String streams = "gitflags_event_streams";
        try (TestRepo repo = Fixtures.Serving.repo(dir);
             FlagServer server = FlagServer.start(ServerOptions.of(dir, "main", 0, POLL));
             EventStreamClient staging = new EventStreamClient(server.url() + "/events/v1/environments/staging")) {
            Http http = new Http(server);
            try (EventStreamClient dev1 = new EventStreamClient(server.url() + "/events/v1/environments/dev");
                 EventStreamClient dev2 = new EventStreamClient(server.url() + "/events/v1/environments/dev");
                 EventStreamClient unknown = new EventStreamClient(server.url() + "/events/v1/environments/nope")) {
                assertEquals(404, unknown.status());
                String text = scrape(http);
                assertEquals(2.0, value(text, streams, Map.of("environment", "dev")));
                assertEquals(1.0, value(text, streams, Map.of("environment", "staging")));
                assertEquals(0.0, value(text, streams, Map.of("environment", "production")));
                assertEquals(List.of("dev", "production", "staging"), labelValues(text, streams, "environment"),
                        "one series per environment served, whatever clients ask for");
            }
            awaitValue(http, streams, Map.of("environment", "dev"), 0.0);
            assertEquals(1.0, value(scrape(http), streams, Map.of("environment", "staging")));

            repo.write("gitflags.yaml", Fixtures.Serving.GITFLAGS.replace(", dev", "")).commit("dev retired");
            for (int attempt = 0; labelValues(scrape(http), streams, "environment").contains("dev"); attempt++) {
                assertTrue(attempt < 100, "dev's series is still there 10 s after dev is no longer served");
                Thread.sleep(100);
            }
            assertEquals(List.of("production", "staging"), labelValues(scrape(http), streams, "environment"));
            assertEquals(1.0, value(scrape(http), streams, Map.of("environment", "staging")));
        }
    }

    @Test
    void switchedOffTheServerServesAsBeforeWithoutAMetricsEndpoint() throws Exception {
        try (TestRepo repo = Fixtures.Serving.repo(dir);
             FlagServer server = FlagServer.start(ServerOptions.of(dir, "main", 0, POLL)
                     .withProperties(Map.of("micronaut.metrics.enabled", false)));
             EventStreamClient stream = new EventStreamClient(server.url() + "/events/v1/environments/dev")) {
            Http http = new Http(server);
            assertEquals(200, http.post("/ofrep/v1/evaluate/flags/banner-text", CONTEXT).status());
            assertEquals(200, http.post("/ofrep/v1/evaluate/flags", CONTEXT).status());
            assertEquals(200, stream.status());
            assertEquals(404, http.get("/metrics").status(), "no registry, no endpoint");
        }
    }

    static String scrape(Http http) {
        Http.Reply reply = http.get("/metrics");
        assertEquals(200, reply.status(), reply.body());
        return reply.body();
    }

    /** The value of the one sample of {@code name} whose labels include {@code labels}; fails when there is none. */
    static double value(String text, String name, Map<String, String> labels) {
        OptionalDouble found = samples(text, name).stream().filter(s -> s.labels().entrySet()
                .containsAll(labels.entrySet())).mapToDouble(Sample::value).findFirst();
        return found.isPresent() ? found.getAsDouble()
                : fail("no sample " + name + labels + " in:\n" + grep(text, name));
    }

    private static double sum(String text, String name) {
        return samples(text, name).stream().mapToDouble(Sample::value).sum();
    }

    private static List<String> labelValues(String text, String name, String label) {
        return samples(text, name).stream().map(s -> s.labels().get(label)).distinct().sorted().toList();
    }

    static void awaitMetric(Http http, String name, Map<String, String> labels, double atLeast)
            throws InterruptedException {
        for (int attempt = 0; attempt < 100; attempt++) {
            String text = scrape(http);
            boolean there = samples(text, name).stream().anyMatch(s -> s.labels().entrySet()
                    .containsAll(labels.entrySet()) && s.value() >= atLeast);
            if (there) {
                return;
            }
            Thread.sleep(100);
        }
        fail("no " + name + labels + " >= " + atLeast + " after 10 s:\n" + grep(scrape(http), name));
    }

    private static void awaitValue(Http http, String name, Map<String, String> labels, double expected)
            throws InterruptedException {
        for (int attempt = 0; attempt < 100; attempt++) {
            if (value(scrape(http), name, labels) == expected) {
                return;
            }
            Thread.sleep(100);
        }
        assertEquals(expected, value(scrape(http), name, labels), name + labels + " after 10 s");
    }

    private record Sample(Map<String, String> labels, double value) {
    }

    private static final Pattern LABEL = Pattern.compile("(\\w+)=\"((?:[^\"\\\\]|\\\\.)*)\"");

    private static List<Sample> samples(String text, String name) {
        return text.lines().filter(line -> line.startsWith(name + "{") || line.startsWith(name + " ")).map(line -> {
            int close = line.lastIndexOf('}');
            String labels = close < 0 ? "" : line.substring(name.length() + 1, close);
            String rest = line.substring(close < 0 ? name.length() : close + 1).trim().split(" ")[0];
            Map<String, String> parsed = new java.util.HashMap<>();
            Matcher matcher = LABEL.matcher(labels);
            while (matcher.find()) {
                parsed.put(matcher.group(1), matcher.group(2));
            }
            return new Sample(parsed, Double.parseDouble(rest));
        }).toList();
    }

    private static String grep(String text, String name) {
        return String.join("\n", text.lines().filter(line -> line.contains(name)).toList());
    }
}
