package dev.gitflags.internal.load;

import dev.gitflags.internal.LoadResult;
import dev.gitflags.internal.model.Flag;
import dev.gitflags.internal.model.ProblemCode;
import dev.gitflags.testing.TestFiles;
import dev.gitflags.testing.TestRepo;
import org.eclipse.jgit.lib.ObjectId;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** An incremental loader reuses unchanged files' outcomes and still answers exactly as a fresh load would. */
class IncrementalLoaderTest {

    @TempDir
    Path dir;

    private final Loader incremental = Loader.incremental(LoadLimits.DEFAULT);

    private LoadResult both(Map<String, String> replaced) throws Exception {
        Map<String, byte[]> overlay = new HashMap<>();
        replaced.forEach((file, text) -> overlay.put(file, text.getBytes(StandardCharsets.UTF_8)));
        try (ConfigSource base = ConfigSources.open(dir, null)) {
            ConfigSource source = new OverlaySource(base, overlay);
            LoadResult fresh = new Loader().load(source);
            LoadResult reused = incremental.load(source);
            assertEquals(fresh.problems(), reused.problems());
            assertEquals(fresh.isValid(), reused.isValid());
            if (fresh.isValid()) {
                assertEquals(fresh.snapshot().flagKeys(), reused.snapshot().flagKeys());
                for (String env : fresh.snapshot().environments().keySet()) {
                    for (String key : fresh.snapshot().flagKeys()) {
                        assertEquals(fresh.snapshot().flag(env, key).orElseThrow().defaultValue(),
                                reused.snapshot().flag(env, key).orElseThrow().defaultValue(), env + "/" + key);
                    }
                }
            }
            return reused;
        }
    }

    @Test
    void unchangedFilesKeepTheirParsedFlagsAndAChangedEnvironmentIsReadAgain() throws Exception {
        TestFiles.write(dir, ValidRepo.files());
        LoadResult first = both(Map.of());
        String production = """
                name: Production
                overrides:
                  max-items:
                    default_value: 42
                """;
        LoadResult second = both(Map.of("environments/production.yaml", production));
        Flag before = first.snapshot().flags().get("max-items");
        assertSame(before, second.snapshot().flags().get("max-items"), "the flag file was not parsed again");
        assertEquals(42L, second.snapshot().flag("production", "max-items").orElseThrow().defaultValue());
        assertNotSame(first.snapshot().environments().get("production"),
                second.snapshot().environments().get("production"));
        assertSame(first.snapshot().environments().get("staging"), second.snapshot().environments().get("staging"));
    }

    @Test
    void aChangedFlagFileRechecksEveryEnvironmentsOverridesAgainstIt() throws Exception {
        TestFiles.write(dir, ValidRepo.files());
        both(Map.of());
        // production overrides max-items with 20; as a string flag that override is now the wrong type
        String limits = """
                flags:
                  max-items:
                    type: string
                    default_value: "10"
                  theme:
                    type: json
                    default_value: {dark: true}
                """;
        LoadResult changed = both(Map.of("flags/limits.yaml", limits));
        assertTrue(changed.problems().stream().anyMatch(problem -> problem.code() == ProblemCode.E_TYPE_MISMATCH
                && problem.origin().file().equals("environments/production.yaml")), changed.problems().toString());
        LoadResult restored = both(Map.of());
        assertTrue(restored.isValid(), restored.problems().toString());
        assertEquals(List.of(), restored.problems());
    }

    /** One commit of {@link #successiveCommitsLoadAsFreshLoadsDoAndAnUnchangedFileIsNotRead}, and what it changes. */
    private record Step(String message, Map<String, String> files, Set<String> read) {
    }

    /**
     * A long-lived loader following a branch, in full and bound to one environment: after each commit (a parent
     * environment changed, a flag file changed, an environment broken, then fixed) it gives what a fresh load of
     * that commit gives, problems, values and origins alike, and reads from git only the files that changed (a flag
     * file whose flags keep their types makes no environment that overrides them be read again) and, bound to an
     * environment, the ancestors a broken file hid (the memo holds what the last load read, nothing more).
     */
    @ParameterizedTest
    @MethodSource("followedScopes")
    void successiveCommitsLoadAsFreshLoadsDoAndAnUnchangedFileIsNotRead(FlagScope scope,
                                                                       Set<String> hiddenByTheBrokenFile)
            throws Exception {
        String production = ValidRepo.files().get("environments/production.yaml");
        String staging = ValidRepo.files().get("environments/staging.yaml");
        String limits = ValidRepo.files().get("flags/limits.yaml");
        List<Step> steps = List.of(
                new Step("parent environment", Map.of("environments/production.yaml",
                        production.replace("default_value: 20", "default_value: 30")),
                        Set.of("environments/production.yaml")),
                new Step("flag file", Map.of("flags/limits.yaml", limits.replace("default_value: 10",
                        "default_value: 11")), Set.of("flags/limits.yaml")),
                // resolved again below unchanged environments: the removed flag leaves them, the added one joins
                new Step("flag added and flag removed", Map.of("flags/limits.yaml", """
                        flags:
                          max-items:
                            type: number
                            default_value: 12
                          page-size:
                            type: number
                            default_value: 25
                        """), Set.of("flags/limits.yaml")),
                new Step("broken environment", Map.of("environments/staging.yaml", staging + "  [unclosed\n"),
                        Set.of("environments/staging.yaml")),
                new Step("fixed environment", Map.of("environments/staging.yaml", staging.replace("50", "60")),
                        union(Set.of("environments/staging.yaml"), hiddenByTheBrokenFile)));
        try (TestRepo repo = TestRepo.init(dir)) {
            repo.write(ValidRepo.files()).write("environments/qa.yaml", "name: QA\n").commit("config");
            Loader following = Loader.incremental(LoadLimits.DEFAULT);
            loadBoth(repo, following, scope);
            for (Step step : steps) {
                repo.write(step.files()).commit(step.message());
                Set<String> read = loadBoth(repo, following, scope);
                // gitflags.yaml is read on every load: it says how to read the rest
                assertEquals(union(Set.of("gitflags.yaml"), step.read()), read, step.message());
            }
        }
    }

    static Stream<Arguments> followedScopes() {
        return Stream.of(
                // production and dev override max-items of flags/limits.yaml, which stays a number: neither is read
                Arguments.of(FlagScope.ALL, Set.of()),
                Arguments.of(FlagScope.ofEnvironment("staging"), Set.of("environments/production.yaml")),
                // one flag in one environment (gitflags log's walk): flags/checkout.yaml, which cannot mention
                // max-items, is read once to know that, and not again while its blob is the same
                Arguments.of(FlagScope.ofFlagIn("staging", "max-items"), Set.of("environments/production.yaml")));
    }

    /** Loads the tip of main with {@code following} and afresh, checks they agree, and says what the first read. */
    private static Set<String> loadBoth(TestRepo repo, Loader following, FlagScope scope) throws Exception {
        ObjectId tip = repo.tip("main");
        LoadResult fresh;
        try (GitTreeSource source = GitTreeSource.of(repo.repository(), tip, "")) {
            fresh = new Loader().load(source, scope);
        }
        try (RecordingSource source = new RecordingSource(GitTreeSource.of(repo.repository(), tip, ""))) {
            SameResult.assertSame(fresh, following.load(source, scope), repo.commitAt("main").getShortMessage());
            return source.read();
        }
    }

    private static Set<String> union(Set<String> a, Set<String> b) {
        Set<String> all = new TreeSet<>(a);
        all.addAll(b);
        return all;
    }

    /**
     * A working tree's files are known by their content, not their size and time: a file rewritten with as many
     * bytes and its old modification time (an edit within the file system's timestamp resolution) is read again.
     */
    @Test
    void aWorkingTreeFileRewrittenWithTheSameSizeAndTimeIsReadAgain() throws Exception {
        TestFiles.write(dir, ValidRepo.files());
        Path production = dir.resolve("environments/production.yaml");
        FileTime time = Files.getLastModifiedTime(production);
        LoadResult first = incremental.load(new WorkingTreeSource(dir));
        assertEquals(20L, first.snapshot().flag("production", "max-items").orElseThrow().defaultValue());

        Files.writeString(production, Files.readString(production).replace("default_value: 20", "default_value: 40"));
        Files.setLastModifiedTime(production, time);
        LoadResult second = incremental.load(new WorkingTreeSource(dir));
        SameResult.assertSame(new Loader().load(new WorkingTreeSource(dir)), second, "same size and time");
        assertEquals(40L, second.snapshot().flag("production", "max-items").orElseThrow().defaultValue());
    }

    /**
     * A commit that changes a leaf environment resolves that environment again and takes its ancestors' resolution
     * whole; a rule that serves an unknown variant in the leaf is still found, and the result is a fresh load's.
     */
    @Test
    void anEnvironmentResolvedAsBeforeIsTakenWholeAndABrokenVariantBelowItIsStillFound() throws Exception {
        String dev = ValidRepo.files().get("environments/dev.yaml");
        try (TestRepo repo = TestRepo.init(dir)) {
            repo.write(ValidRepo.files()).commit("config");
            Loader following = Loader.incremental(LoadLimits.DEFAULT);
            LoadResult first = loadAgreeing(repo, following);

            repo.write("environments/dev.yaml", dev.replace("default_value: 99", "default_value: 98")).commit("dev");
            LoadResult second = loadAgreeing(repo, following);
            for (String slug : List.of("production", "staging")) {
                assertSame(first.snapshot().resolvedEnvironment(slug).orElseThrow(),
                        second.snapshot().resolvedEnvironment(slug).orElseThrow(), slug);
            }
            assertNotSame(first.snapshot().resolvedEnvironment("dev").orElseThrow(),
                    second.snapshot().resolvedEnvironment("dev").orElseThrow());

            repo.write("environments/dev.yaml", dev.replace("- serve: purple", "- serve: violet")).commit("violet");
            LoadResult third = loadAgreeing(repo, following);
            assertEquals(List.of(ProblemCode.E_UNKNOWN_VARIANT), third.errors().stream().map(p -> p.code()).toList());
        }
    }

    /** The tip of main loaded by {@code following}, checked against a fresh load of it. */
    private static LoadResult loadAgreeing(TestRepo repo, Loader following) throws Exception {
        try (GitTreeSource source = GitTreeSource.of(repo.repository(), repo.tip("main"), "")) {
            LoadResult result = following.load(source);
            SameResult.assertSame(new Loader().load(source), result, repo.commitAt("main").getShortMessage());
            return result;
        }
    }
}
