package dev.gitflags.internal.promote;

import dev.gitflags.internal.LoadResult;
import dev.gitflags.internal.Snapshot;
import dev.gitflags.internal.diff.FieldValues;
import dev.gitflags.internal.load.GitTreeSource;
import dev.gitflags.internal.load.LoadLimits;
import dev.gitflags.internal.load.Loader;
import dev.gitflags.testing.TestRepo;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A promotion reads and writes YAML with the loader's setup (YAML 1.2 core schema, the load limits), so what the
 * loader accepted can be edited, and a promoted value keeps its meaning and its quoting.
 */
class PromotedYamlTest {

    private static final List<String> KEYS = List.of("mode", "answer", "clock", "day", "quoted", "count", "deep");

    /** 56 levels of mappings: within the loader's 64, beyond SnakeYAML's default of 50. */
    private static final String DEEP = "{a: ".repeat(56) + "1" + "}".repeat(56);

    @TempDir
    Path temp;

    private static List<String> concat(List<String> keys, String key) {
        return java.util.stream.Stream.concat(keys.stream(), java.util.stream.Stream.of(key)).toList();
    }

    private TestRepo repo(String production) {
        TestRepo repo = TestRepo.init(temp.resolve("repo"));
        StringBuilder flags = new StringBuilder("flags:\n");
        for (String key : concat(KEYS, "other")) {
            String type = key.equals("count") ? "number" : key.equals("deep") ? "json" : "string";
            flags.append("  ").append(key).append(":\n    type: ").append(type).append("\n    default_value: ")
                    .append(type.equals("number") ? "1" : "'x'").append('\n');
        }
        repo.write("gitflags.yaml", "default_environment: production\n")
                .write("flags/core.yaml", flags.toString())
                .write("environments/production.yaml", production)
                .write("environments/staging.yaml", """
                        name: Staging
                        overrides:
                          mode:
                            default_value: on
                          answer:
                            default_value: no
                          clock:
                            default_value: 1:20
                          day:
                            default_value: 2024-01-01
                          quoted:
                            default_value: 'on'
                          count:
                            default_value: 0o17
                          deep:
                            default_value: %s
                        """.formatted(DEEP))
                .commit("YAML 1.1 and 1.2 read these differently");
        return repo;
    }

    private PromotionResult promoteAll(TestRepo repo) throws Exception {
        return promoteAll(repo, LoadLimits.DEFAULT);
    }

    private PromotionResult promoteAll(TestRepo repo, LoadLimits limits) throws Exception {
        return new Promoter(repo.repository(), "", new Loader(limits))
                .promote(new Promoter.Request("staging", "production", KEYS, "main", null, false, null, null));
    }

    private static void assertResolvesAsStaging(TestRepo repo, String before) throws Exception {
        assertResolvesAsStaging(repo, before, LoadLimits.DEFAULT);
    }

    /** Every promoted flag resolves in production at main as in staging at {@code before}, loaded within {@code limits}. */
    private static void assertResolvesAsStaging(TestRepo repo, String before, LoadLimits limits) throws Exception {
        Snapshot source = load(repo, before, limits);
        Snapshot target = load(repo, "main", limits);
        for (String key : KEYS) {
            assertEquals(List.of(), FieldValues.differing(source.flag("staging", key).orElseThrow(),
                    target.flag("production", key).orElseThrow()), key);
        }
        assertEquals("on", target.flag("production", "mode").orElseThrow().defaultValue());
        assertEquals("1:20", target.flag("production", "clock").orElseThrow().defaultValue());
        assertEquals(15L, target.flag("production", "count").orElseThrow().defaultValue());
    }

    private static Snapshot load(TestRepo repo, String revision, LoadLimits limits) throws Exception {
        try (GitTreeSource source = GitTreeSource.of(repo.repository(), repo.commitAt(revision), "")) {
            LoadResult result = new Loader(limits).load(source);
            assertTrue(result.isValid(), revision + ": " + result.problems());
            return result.snapshot();
        }
    }

    @Test
    void valuesTheTwoYamlVersionsTypeDifferentlyAreCopiedAsWrittenIntoABlockOverride() throws Exception {
        try (TestRepo repo = repo("name: Production\noverrides:\n  other:\n    default_value: off\n")) {
            String before = repo.head();
            PromotionResult result = promoteAll(repo);

            assertEquals(PromotionResult.Status.PROMOTED, result.status(), String.valueOf(result.refusal()));
            String production = repo.read("main", "environments/production.yaml");
            assertTrue(production.startsWith("""
                    name: Production
                    overrides:
                      other:
                        default_value: off
                      mode:
                        default_value: on
                      answer:
                        default_value: no
                      clock:
                        default_value: 1:20
                      day:
                        default_value: 2024-01-01
                      quoted:
                        default_value: 'on'
                      count:
                        default_value: 0o17
                      deep:
                        default_value:
                    """), production);
            assertResolvesAsStaging(repo, before);
        }
    }

    @Test
    void aFlowOverridesBlockStaysInFlowStyleAndEveryValueKeepsItsMeaning() throws Exception {
        try (TestRepo repo = repo("name: Production\noverrides: {other: {default_value: off}, day: {default_value: no}}\n")) {
            String before = repo.head();
            PromotionResult result = promoteAll(repo);

            assertEquals(PromotionResult.Status.PROMOTED, result.status(), String.valueOf(result.refusal()));
            String production = repo.read("main", "environments/production.yaml");
            assertTrue(production.startsWith("name: Production\noverrides: {other: {default_value: off}, "
                    + "day: {default_value: 2024-01-01}, mode: {default_value: on}, answer: {default_value: no}, "
                    // in flow style a colon is an indicator, so 1:20 is quoted there; it reads back the same
                    + "clock: {default_value: '1:20'}, quoted: {default_value: 'on'}, count: {default_value: 0o17}, "
                    + "deep: {default_value: {a: {a: "), production);
            assertEquals(2, production.lines().count(), production);
            assertEquals("off", repo.snapshot("main").flag("production", "other").orElseThrow().defaultValue());
            assertResolvesAsStaging(repo, before);
        }
    }

    @Test
    void aFileTheLoaderAcceptsUnderALargerMaxFileSizeCanBeEdited() throws Exception {
        // 4 MB: over SnakeYAML's default of 3 MB of text, under the 8 MiB this promotion is allowed
        String production = "name: Production\n" + "# padding\n".repeat(400_000)
                + "overrides:\n  other:\n    default_value: off\n";
        try (TestRepo repo = repo(production)) {
            String before = repo.head();
            PromotionResult result = promoteAll(repo, LoadLimits.DEFAULT.withMaxFileBytes(8L << 20));

            assertEquals(PromotionResult.Status.PROMOTED, result.status(), String.valueOf(result.refusal()));
            assertTrue(repo.read("main", "environments/production.yaml").startsWith(production));
            assertResolvesAsStaging(repo, before, LoadLimits.DEFAULT.withMaxFileBytes(8L << 20));
        }
    }
}
