package dev.gitflags.internal.flagd;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gitflags.internal.Snapshot;
import dev.gitflags.internal.eval.EvaluationContext;
import dev.gitflags.internal.eval.EvaluationResult;
import dev.gitflags.internal.eval.Evaluator;
import dev.gitflags.internal.eval.Reason;
import dev.gitflags.internal.model.FlagType;
import dev.gitflags.testing.Fixtures;
import dev.gitflags.testing.RandomAttributes;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Cross-checked, not assumed: the flags of example-repo/ (with {@code bucketing: flagd}) exported for every served
 * environment and evaluated by {@code @openfeature/flagd-core} 4.0.1 (npm, pinned by src/core/test/node's lock
 * file; {@code npm ci --prefix src/core/test/node} installs it, as make test does) give each of 10,000 contexts
 * the value gitflags' evaluator gives it: ASCII targeting keys (and some missing or empty), attributes absent, of
 * the right type, of a wrong type, and over max_attribute_length.
 */
class FlagdCoreCrossCheckTest {

    private static final Path NODE_PROJECT = Path.of("src/core/test/node");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int CONTEXTS = 10_000;

    @Test
    void everyExportedFlagEvaluatesInFlagdCoreAsInGitflags(@TempDir Path dir) throws Exception {
        Snapshot snapshot = FlagdExportTest.exampleRepo(dir.resolve("repo"));
        List<EvaluationContext> contexts = contexts(new Random(20261201L));
        List<String> environments = snapshot.environments().keySet().stream().filter(snapshot::serves).sorted()
                .toList();
        List<Map<String, Object>> exports = new ArrayList<>();
        List<List<String>> flagsPerEnvironment = new ArrayList<>();
        for (String environment : environments) {
            Map<String, Object> document = FlagdExport.of(snapshot, environment).document();
            Map<String, String> types = new LinkedHashMap<>();
            ((Map<?, ?>) document.get("flags")).keySet().forEach(key -> types.put((String) key,
                    switch (snapshot.flags().get(key).type()) {
                        case BOOLEAN -> "boolean";
                        case STRING -> "string";
                        case NUMBER -> "number";
                        case JSON -> "object";
                    }));
            exports.add(Map.of("document", document, "types", types));
            flagsPerEnvironment.add(List.copyOf(types.keySet()));
        }
        List<Map<String, Object>> flagdContexts = contexts.stream().map(FlagdCoreCrossCheckTest::flagdContext)
                .toList();
        JsonNode output = runFlagdCore(dir, Map.of("contexts", flagdContexts, "environments", exports));

        int compared = 0;
        for (int e = 0; e < environments.size(); e++) {
            List<String> flags = flagsPerEnvironment.get(e);
            assertTrue(flags.size() >= 8, "flags exported in " + environments.get(e) + ": " + flags);
            for (int f = 0; f < flags.size(); f++) {
                for (int c = 0; c < contexts.size(); c++) {
                    EvaluationResult expected = Evaluator.evaluate(snapshot, environments.get(e), flags.get(f),
                            contexts.get(c));
                    JsonNode actual = output.get(e).get(f).get(c);
                    String where = environments.get(e) + " " + flags.get(f) + " " + flagdContexts.get(c)
                            + ": gitflags " + expected + ", flagd-core " + actual;
                    assertTrue(JSON.valueToTree(expected.value()).equals(NUMERIC, actual.get(0)), where);
                    assertEquals(flagdReason(expected.reason()), actual.get(2).asText(), where);
                    if (expected.variant() != null) {
                        assertEquals(expected.variant(), actual.get(1).asText(), where);
                    }
                    compared++;
                }
            }
        }
        assertTrue(compared >= 5 * 8 * CONTEXTS, "evaluations compared: " + compared);
    }

    @Test
    void containsAndNotContainsWithAStringOperandEvaluateInFlagdCoreAsInGitflags(@TempDir Path dir) throws Exception {
        Snapshot snapshot = Fixtures.FlagdContains.repo(dir.resolve("repo")).snapshot("HEAD");
        FlagdExport.Result export = FlagdExport.of(snapshot, "production");
        assertEquals(List.of(), export.omitted());
        Map<String, String> types = new LinkedHashMap<>();
        ((Map<?, ?>) export.document().get("flags")).keySet().forEach(key -> types.put((String) key,
                snapshot.flags().get(key).type() == FlagType.STRING ? "string" : "boolean"));
        List<Map<String, Object>> contexts = Fixtures.FlagdContains.contexts();
        JsonNode output = runFlagdCore(dir, Map.of("contexts", contexts,
                "environments", List.of(Map.of("document", export.document(), "types", types))));

        List<String> flags = List.copyOf(types.keySet());
        Map<String, Integer> matches = new LinkedHashMap<>();
        for (int f = 0; f < flags.size(); f++) {
            for (int c = 0; c < contexts.size(); c++) {
                EvaluationResult expected = Evaluator.evaluate(snapshot, "production", flags.get(f),
                        new EvaluationContext(null, contexts.get(c)));
                JsonNode actual = output.get(0).get(f).get(c);
                String where = flags.get(f) + " " + contexts.get(c) + ": gitflags " + expected + ", flagd-core "
                        + actual;
                assertTrue(JSON.valueToTree(expected.value()).equals(NUMERIC, actual.get(0)), where);
                assertEquals(flagdReason(expected.reason()), actual.get(2).asText(), where);
                assertTrue(actual.get(3).isNull(), where);
                matches.merge(flags.get(f), expected.reason() == Reason.TARGETING_MATCH ? 1 : 0, Integer::sum);
            }
        }
        // the contexts tell matches from misses: each flag matches some and not all
        matches.forEach((flag, count) -> assertTrue(count > 0 && count < contexts.size(), flag + ": " + count));
    }

    /** flagd's word for gitflags' reason: it says TARGETING_MATCH for a split, and STATIC for a disabled flag. */
    private static String flagdReason(Reason reason) {
        return switch (reason) {
            case SPLIT -> "TARGETING_MATCH";
            case DISABLED -> "STATIC";
            default -> reason.name();
        };
    }

    /** Numbers equal by value (5 and 5.0), everything else as Jackson compares it. */
    private static final Comparator<JsonNode> NUMERIC = (a, b) -> a.isNumber() && b.isNumber()
            ? a.decimalValue().compareTo(b.decimalValue()) : a.equals(b) ? 0 : 1;

    private static JsonNode runFlagdCore(Path dir, Object input) throws IOException, InterruptedException {
        if (!Files.isDirectory(NODE_PROJECT.resolve("node_modules/@openfeature/flagd-core"))) {
            fail("@openfeature/flagd-core is not installed: run npm ci --prefix " + NODE_PROJECT + " (make test does)");
        }
        Path inputFile = dir.resolve("input.json");
        Path outputFile = dir.resolve("output.json");
        JSON.writeValue(inputFile.toFile(), input);
        Process node = new ProcessBuilder("node", "evaluate.js", inputFile.toAbsolutePath().toString())
                .directory(NODE_PROJECT.toFile())
                .redirectOutput(outputFile.toFile())
                .redirectError(ProcessBuilder.Redirect.INHERIT)
                .start();
        assertTrue(node.waitFor(5, TimeUnit.MINUTES), "node did not finish");
        assertEquals(0, node.exitValue(), "node evaluate.js failed");
        return JSON.readTree(Files.readString(outputFile, StandardCharsets.UTF_8));
    }

    /** The context as a flagd SDK passes it: the attributes, and targetingKey when there is one. */
    private static Map<String, Object> flagdContext(EvaluationContext context) {
        Map<String, Object> flagd = new LinkedHashMap<>(context.attributes());
        if (context.targetingKey() != null) {
            flagd.put("targetingKey", context.targetingKey());
        }
        return flagd;
    }

    /** 10,000 contexts: ASCII keys, and each attribute example-repo targets absent, typed right or wrong, or long. */
    private static List<EvaluationContext> contexts(Random random) {
        String longText = "x".repeat(4096) + "@acme.example";
        Object[][] choices = {
                {"email", "ann@acme.example", "bob@example.com", "ann@staff.acme.example", "@acme.example", 42,
                        true, longText, ""},
                {"country", "NL", "BE", "LU", "US", "DE", "IS", "MT", "nl", 1, false, "N".repeat(4097)},
                {"plan", "enterprise", "partner", "trial", "business", "free", 7, true},
                {"platform", "ios", "android", "web", "IOS", 0},
                {"orders_count", 0, 20, 21, 20.5, 100, -3, "25", true},
                {"catalogue_size", 99_999, 100_000, 100_000.0, 250_000, "100000", false},
                {"app_version", "5.2.1", "4.9.9", "v5.3.0", "5.2", 5},
                {"now", "2026-12-30T10:00:00Z", "2026-12-12T23:00:00Z", "2027-02-01T00:00:00Z", 1798000000000L},
        };
        List<EvaluationContext> contexts = new ArrayList<>(CONTEXTS);
        String alphabet = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_.:@";
        for (int i = 0; i < CONTEXTS; i++) {
            String key;
            int kind = random.nextInt(100);
            if (kind < 3) {
                key = null;
            } else if (kind < 5) {
                key = "";
            } else {
                StringBuilder text = new StringBuilder("user-" + i + "-");
                for (int n = random.nextInt(12); n > 0; n--) {
                    text.append(alphabet.charAt(random.nextInt(alphabet.length())));
                }
                key = text.toString();
            }
            Map<String, Object> attributes = RandomAttributes.pick(random, choices);
            contexts.add(new EvaluationContext(key, attributes));
        }
        return contexts;
    }
}
