package dev.gitflags.server;

import ch.qos.logback.classic.Level;
import dev.gitflags.testing.Fixtures;
import dev.gitflags.testing.LogCapture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A bulk OFREP request that runs out of its budget stops and answers 503 with OFREP's 5xx body: a real server
 * on a random port whose budget ({@code gitflags.ofrep.bulk-budget}) no bulk evaluation can meet.
 */
class BulkBudgetTest {

    @TempDir
    static Path dir;

    static FlagServer server;
    static Http http;

    @BeforeAll
    static void start() throws Exception {
        Fixtures.Serving.repo(dir).close();
        server = FlagServer.start(ServerOptions.of(dir, "main", 0, Duration.ofSeconds(30))
                .withProperties(Map.of("gitflags.ofrep.bulk-budget", "1ns")));
        http = new Http(server);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void aBulkRequestOverItsBudgetIs503WithRetryAfterAndOneLogLine() {
        try (LogCapture log = LogCapture.start()) {
            Http.Reply reply = http.post("/ofrep/v1/evaluate/flags", "{\"context\": {\"targetingKey\": \"u\"}}",
                    "X-Environment", "staging");
            assertEquals(503, reply.status());
            Set<String> fields = new TreeSet<>();
            reply.json().fieldNames().forEachRemaining(fields::add);
            assertEquals(Set.of("errorDetails"), fields, reply.body());
            assertTrue(reply.json().get("errorDetails").asText().contains("ran out of its budget"), reply.body());
            assertEquals("1", reply.header("Retry-After"));
            assertEquals("staging", reply.header("X-Environment-Resolved"));
            assertEquals(null, reply.header("ETag"), "a failed evaluation is nothing to cache");
            List<String> warnings = log.events().stream().filter(e -> e.getLevel() == Level.WARN)
                    .map(e -> e.getFormattedMessage() + (e.getThrowableProxy() == null ? "" : " +trace")).toList();
            assertEquals(1, warnings.size(), String.join("\n", log.lines()));
            assertTrue(warnings.get(0).startsWith("POST /ofrep/v1/evaluate/flags in staging: the bulk evaluation"),
                    warnings.get(0));
        }
    }

    @Test
    void singleEvaluationsHaveNoSuchBudget() {
        Http.Reply reply = http.post("/ofrep/v1/evaluate/flags/banner-text", "{\"context\": {}}");
        assertEquals(200, reply.status());
        assertEquals("Welcome", reply.json().get("value").asText());
    }
}
