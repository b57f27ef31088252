package dev.gitflags.server;

import dev.gitflags.testing.TestRepo;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The probe port is not queued behind slow requests: a real server on random ports, a storm of concurrent bulk
 * OFREP requests that each take a long time (thousands of flags, each a regex over a long attribute) and outnumber
 * the main port's request threads, and meanwhile {@code /health} on the probe port answers within a client
 * timeout generous enough for a loaded CI machine. A behaviour, not a figure: on the main port the same probes
 * wait behind the storm.
 */
class ProbeIsolationTest {

    private static final int FLAG_FILES = 4;
    private static final int FLAGS_PER_FILE = 250;
    /** A realistic user-agent check; over a 1,020-character value that never matches it scans the whole value. */
    private static final String PATTERN = "(?i)(android|iphone|ipad).*mobile.*safari/[0-9.]+$";
    private static final String STORM_BODY = "{\"context\": {\"targetingKey\": \"u\", \"userAgent\": \""
            + "Mozilla/5.0 ".repeat(85) + "\"}}";
    private static final Duration PROBE_TIMEOUT = Duration.ofSeconds(5);

    @TempDir
    static Path dir;

    static FlagServer server;

    @BeforeAll
    static void start() throws Exception {
        try (TestRepo repo = TestRepo.init(dir)) {
            repo.write("gitflags.yaml", "default_environment: production\n")
                    .write("environments/production.yaml", "name: Production\n");
            for (int file = 0; file < FLAG_FILES; file++) {
                repo.write("flags/storm-" + file + ".yaml", flagFile(file));
            }
            repo.commit("a repo whose bulk evaluation is slow");
        }
        // The budget is out of the way here: every storm request runs its whole course.
        server = FlagServer.start(ServerOptions.of(dir, "main", 0, Duration.ofSeconds(30)).withHost("127.0.0.1")
                .withProperties(Map.of("gitflags.probe-port", 0, "gitflags.ofrep.bulk-budget", "120s")));
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static String flagFile(int file) {
        StringBuilder yaml = new StringBuilder("flags:\n");
        for (int i = 0; i < FLAGS_PER_FILE; i++) {
            yaml.append("  storm-").append(file).append('-').append(i).append(":\n")
                    .append("    type: boolean\n")
                    .append("    default_value: false\n")
                    .append("    rules:\n")
                    .append("      - name: mobile-safari\n")
                    .append("        priority: 1\n")
                    .append("        conditions:\n")
                    .append("          - attribute: userAgent\n")
                    .append("            operator: matches\n")
                    .append("            value: \"").append(PATTERN).append("\"\n")
                    .append("        serve:\n")
                    .append("          enabled: true\n");
        }
        return yaml.toString();
    }

    @Test
    void healthOnTheProbePortAnswersWhileSlowRequestsHoldEveryRequestThread() throws Exception {
        int probePort = server.probePort().orElseThrow();
        // More concurrent slow requests than the main port has event-loop threads (Netty: two per core).
        int storm = 4 * 2 * Runtime.getRuntime().availableProcessors();
        HttpClient stormClient = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
        ExecutorService senders = Executors.newFixedThreadPool(storm);
        AtomicBoolean stop = new AtomicBoolean();
        AtomicInteger inFlight = new AtomicInteger();
        List<String> stormFailures = new ArrayList<>();
        HttpRequest bulk = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port()
                        + "/ofrep/v1/evaluate/flags"))
                .POST(HttpRequest.BodyPublishers.ofString(STORM_BODY)).header("Content-Type", "application/json")
                .timeout(Duration.ofMinutes(5)).build();
        for (int i = 0; i < storm; i++) {
            senders.submit(() -> {
                while (!stop.get()) {
                    inFlight.incrementAndGet();
                    try {
                        int status = stormClient.send(bulk, HttpResponse.BodyHandlers.discarding()).statusCode();
                        if (status != 200) {
                            synchronized (stormFailures) {
                                stormFailures.add("bulk answered " + status);
                            }
                        }
                    } catch (IOException | InterruptedException e) {
                        return;
                    } finally {
                        inFlight.decrementAndGet();
                    }
                }
            });
        }
        HttpClient probes = HttpClient.newBuilder().connectTimeout(PROBE_TIMEOUT).build();
        HttpRequest health = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + probePort + "/health"))
                .timeout(PROBE_TIMEOUT).build();
        try {
            waitUntil(() -> inFlight.get() >= storm);
            Thread.sleep(500); // let the storm reach the server and occupy its threads
            for (int probe = 0; probe < 5; probe++) {
                assertTrue(inFlight.get() > 0, "the storm is still running");
                HttpResponse<String> reply;
                try {
                    reply = probes.send(health, HttpResponse.BodyHandlers.ofString());
                } catch (HttpTimeoutException e) {
                    throw new AssertionError("probe " + probe + ": /health on the probe port did not answer within "
                            + PROBE_TIMEOUT + " during the storm", e);
                }
                assertEquals(200, reply.statusCode());
                assertEquals("{\"status\":\"UP\"}", reply.body());
                Thread.sleep(300);
            }
        } finally {
            // Every sender finishes the request it is in, so that the server is idle again for the next test.
            stop.set(true);
            senders.shutdown();
            senders.awaitTermination(5, TimeUnit.MINUTES);
        }
        assertEquals(List.of(), stormFailures);
    }

    @Test
    void theProbePortAnswersOnlyHealth() throws Exception {
        Http probe = new Http("http://127.0.0.1:" + server.probePort().orElseThrow());
        assertEquals(200, probe.get("/health").status());
        Http.Reply flags = probe.get("/api/v1/flags");
        assertEquals(404, flags.status());
        assertEquals("NOT_FOUND", flags.json().get("error").asText());
        Http.Reply ofrep = probe.post("/ofrep/v1/evaluate/flags", "{}");
        assertEquals(404, ofrep.status());
        assertEquals("GENERAL", ofrep.json().get("errorCode").asText());
        assertEquals(200, new Http(server).get("/health").status(), "the main port keeps its /health");
    }

    private static void waitUntil(java.util.function.BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("the storm did not start");
            }
            Thread.sleep(20);
        }
    }
}
