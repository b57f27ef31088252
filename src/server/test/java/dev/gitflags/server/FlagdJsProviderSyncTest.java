package dev.gitflags.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gitflags.internal.Snapshot;
import dev.gitflags.internal.eval.EvaluationContext;
import dev.gitflags.internal.eval.EvaluationResult;
import dev.gitflags.internal.eval.Evaluator;
import dev.gitflags.internal.flagd.FlagdExport;
import dev.gitflags.testing.RandomAttributes;
import dev.gitflags.testing.TestRepo;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * {@code @openfeature/flagd-provider} 0.16.1 (JavaScript, in-process mode, from npm as the lock file in
 * src/core/test/node pins it) syncs production from the server's gRPC service and gives every exported flag the
 * value gitflags gives it, rollouts and splits included: it buckets as current flagd does, as gitflags does with
 * {@code bucketing: flagd}.
 */
class FlagdJsProviderSyncTest {

    private static final Path NODE_PROJECT = Path.of("src/core/test/node");
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private TestRepo repo;
    private FlagServer server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
        repo.close();
    }

    @Test
    void theJavaScriptInProcessProviderEvaluatesTheSyncedFlagsAsGitflags() throws Exception {
        if (!Files.isDirectory(NODE_PROJECT.resolve("node_modules/@openfeature/flagd-provider"))) {
            fail("@openfeature/flagd-provider is not installed: run npm ci --prefix " + NODE_PROJECT + " (make test does)");
        }
        repo = TestRepo.init(dir.resolve("repo")).copyFrom(Path.of("example-repo"));
        repo.write("gitflags.yaml", Files.readString(Path.of("example-repo/gitflags.yaml")) + "\nbucketing: flagd\n");
        repo.commit("example");
        server = FlagServer.start(ServerOptions.of(dir.resolve("repo"), "main", 0, Duration.ofSeconds(5))
                .withProperties(Map.of(FlagdGrpcServer.PORT, 0)));
        Snapshot snapshot = server.holder().current().snapshot();
        Map<?, ?> flags = (Map<?, ?>) FlagdExport.of(snapshot, "production").document().get("flags");

        Random random = new Random(11);
        List<Map<String, Object>> requests = new ArrayList<>();
        List<EvaluationResult> expected = new ArrayList<>();
        for (Object key : flags.keySet()) {
            String flag = (String) key;
            for (int i = 0; i < 200; i++) {
                String targetingKey = i % 10 == 0 ? null : "user-" + random.nextInt(1_000_000);
                Map<String, Object> attributes = RandomAttributes.pick(random, RandomAttributes.EXAMPLE_REPO);
                Map<String, Object> context = new LinkedHashMap<>(attributes);
                if (targetingKey != null) {
                    context.put("targetingKey", targetingKey);
                }
                requests.add(Map.of("flag", flag, "type", type(snapshot, flag), "context", context));
                expected.add(Evaluator.evaluate(snapshot, "production", flag,
                        new EvaluationContext(targetingKey, attributes)));
            }
        }
        Path input = dir.resolve("requests.json");
        Path output = dir.resolve("results.json");
        JSON.writeValue(input.toFile(), requests);
        Process node = new ProcessBuilder("node", "sync.js", String.valueOf(server.grpcPort().orElseThrow()),
                "production", input.toAbsolutePath().toString())
                .directory(NODE_PROJECT.toFile())
                .redirectOutput(output.toFile())
                .redirectError(ProcessBuilder.Redirect.INHERIT)
                .start();
        assertTrue(node.waitFor(2, TimeUnit.MINUTES), "node sync.js did not finish");
        assertEquals(0, node.exitValue(), "node sync.js failed");
        JsonNode results = JSON.readTree(output.toFile());
        assertEquals(requests.size(), results.size());
        for (int i = 0; i < requests.size(); i++) {
            JsonNode actual = results.get(i);
            String where = requests.get(i) + ": gitflags " + expected.get(i) + ", flagd-provider " + actual;
            assertTrue(actual.get(3).isNull(), where);
            assertTrue(JSON.valueToTree(expected.get(i).value()).equals((a, b) -> a.isNumber() && b.isNumber()
                    ? a.decimalValue().compareTo(b.decimalValue()) : a.equals(b) ? 0 : 1, actual.get(0)), where);
        }
        assertTrue(requests.size() >= 8 * 200);
    }

    private static String type(Snapshot snapshot, String flag) {
        return switch (snapshot.flags().get(flag).type()) {
            case BOOLEAN -> "boolean";
            case STRING -> "string";
            case NUMBER -> "number";
            case JSON -> "object";
        };
    }

}
