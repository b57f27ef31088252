package dev.gitflags.internal.load;

import dev.gitflags.internal.LoadResult;
import dev.gitflags.internal.Snapshot;
import dev.gitflags.internal.model.Problem;
import dev.gitflags.internal.model.ProblemCode;
import dev.gitflags.testing.TestRepo;
import org.eclipse.jgit.lib.ObjectId;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The load of one environment ({@link FlagScope#ofEnvironment}), what a provider bound to it keeps: every flag,
 * that environment's chain, resolved exactly as a full load resolves it, from the files of that chain alone.
 */
class EnvironmentScopeTest {

    private static final Path CORPUS = Path.of("src/core/test/resources/broken");

    @TempDir
    Path dir;

    /** ValidRepo (production ← staging ← dev) with two environments off dev's chain: qa and sandbox. */
    private static Map<String, String> repoWithOtherEnvironments() {
        Map<String, String> files = new HashMap<>(ValidRepo.files());
        files.put("environments/qa.yaml", """
                name: QA
                overrides:
                  max-items:
                    default_value: 7
                """);
        files.put("environments/sandbox.yaml", """
                parent: staging
                overrides:
                  new-checkout:
                    enabled: false
                """);
        return files;
    }

    private LoadResult load(TestRepo repo, FlagScope scope, Set<String> read) throws Exception {
        ObjectId head = repo.repository().resolve("main");
        try (RecordingSource source = new RecordingSource(GitTreeSource.of(repo.repository(), head, ""))) {
            LoadResult result = new Loader().load(source, scope);
            read.addAll(source.read());
            return result;
        }
    }

    @Test
    void anEnvironmentsLoadReadsOnlyItsChainAndResolvesItExactlyAsAFullLoad() throws Exception {
        try (TestRepo repo = TestRepo.init(dir)) {
            repo.write(repoWithOtherEnvironments()).commit("config");
            Set<String> read = new TreeSet<>();
            Snapshot full = load(repo, FlagScope.ALL, new TreeSet<>()).snapshot();
            LoadResult scoped = load(repo, FlagScope.ofEnvironment("dev"), read);

            assertEquals(List.of(), scoped.problems());
            assertEquals(Set.of("dev", "staging", "production"), scoped.snapshot().environments().keySet());
            assertEquals(Set.of("dev", "staging", "production"), scoped.snapshot().resolved().keySet());
            assertEquals(full.flagKeys(), scoped.snapshot().flagKeys());
            for (String slug : List.of("dev", "staging", "production")) {
                for (String key : full.flagKeys()) {
                    SameResult.assertSameFlag(full.flag(slug, key).orElseThrow(),
                            scoped.snapshot().flag(slug, key).orElseThrow(), slug + "/" + key);
                }
            }
            assertEquals(Set.of("gitflags.yaml", "flags/checkout.yaml", "flags/limits.yaml",
                    "environments/dev.yaml", "environments/staging.yaml", "environments/production.yaml"), read,
                    "qa and sandbox are known by their file names only");
        }
    }

    @Test
    void whatIsWrongOnlyInAnotherEnvironmentIsNotSeenAndWhatIsWrongInTheChainIsReportedAsAFullLoadDoes()
            throws Exception {
        try (TestRepo repo = TestRepo.init(dir)) {
            Map<String, String> files = repoWithOtherEnvironments();
            files.put("environments/qa.yaml", "name: [unclosed\n");
            repo.write(files).commit("qa is broken");
            assertFalse(load(repo, FlagScope.ALL, new TreeSet<>()).isValid());
            LoadResult dev = load(repo, FlagScope.ofEnvironment("dev"), new TreeSet<>());
            assertTrue(dev.isValid(), dev.problems()::toString);
            assertEquals(List.of(), dev.problems());

            files.put("environments/staging.yaml", """
                    parent: production
                    overrides:
                      new-chekout:
                        enabled: true
                    """);
            repo.write(files).commit("staging overrides a flag that does not exist");
            List<Problem> full = load(repo, FlagScope.ALL, new TreeSet<>()).problems();
            List<Problem> scoped = load(repo, FlagScope.ofEnvironment("dev"), new TreeSet<>()).problems();
            assertEquals(List.of(ProblemCode.E_UNKNOWN_FLAG), scoped.stream().map(Problem::code).toList());
            assertTrue(full.containsAll(scoped), () -> full + " lacks " + scoped);
        }
    }

    @Test
    void theSettingsAreCheckedAgainstEveryEnvironmentFilePresentReadOrNot() throws Exception {
        try (TestRepo repo = TestRepo.init(dir)) {
            Map<String, String> files = repoWithOtherEnvironments();
            files.put("gitflags.yaml", """
                    default_environment: qa
                    allowed_environments: [production, staging, dev, qa, sandbox]
                    """);
            repo.write(files).commit("qa is the default");
            LoadResult dev = load(repo, FlagScope.ofEnvironment("dev"), new TreeSet<>());
            assertEquals(List.of(), dev.problems(), "qa is not read, but its file is there");

            files.put("gitflags.yaml", "default_environment: nowhere\n");
            repo.write(files).commit("the default names no environment");
            List<Problem> full = load(repo, FlagScope.ALL, new TreeSet<>()).errors();
            assertEquals(full, load(repo, FlagScope.ofEnvironment("dev"), new TreeSet<>()).errors());
        }
    }

    @Test
    void anEnvironmentWhoseFileIsGoneGivesASnapshotWithoutIt() throws Exception {
        try (TestRepo repo = TestRepo.init(dir)) {
            repo.write(repoWithOtherEnvironments()).commit("config");
            Set<String> read = new TreeSet<>();
            LoadResult gone = load(repo, FlagScope.ofEnvironment("preview"), read);
            assertTrue(gone.isValid(), gone.problems()::toString);
            assertTrue(gone.snapshot().environment("preview").isEmpty());
            assertEquals(Set.of(), gone.snapshot().environments().keySet());
            assertFalse(read.stream().anyMatch(file -> file.startsWith("environments/")), read::toString);
        }
    }

    @Test
    void anEnvironmentScopeCoversNoDescendantsByTheirParentLink() {
        assertThrows(IllegalStateException.class, () -> FlagScope.ofEnvironment("dev").withDescendantsOf("dev"));
        assertFalse(FlagScope.ofEnvironment("dev").isAll());
        assertTrue(FlagScope.ALL.covers(FlagScope.ofEnvironment("dev")));
        assertFalse(FlagScope.ofEnvironment("dev").covers(FlagScope.ALL));
        assertFalse(FlagScope.ofEnvironment("dev").covers(FlagScope.of(List.of("theme"))),
                "a key's scope reads the environments that mention it");
    }

    /**
     * Against the corpus of broken repos: an environment's load reports only problems a full load reports, and
     * the loads of every environment together report all of them but the dead overrides, which are a full load's.
     */
    @ParameterizedTest
    @MethodSource("brokenRepos")
    void environmentLoadsReportOnlyTheFullLoadsProblemsAndTogetherAllOfThem(String repo) throws IOException {
        Path root = CORPUS.resolve(repo);
        Set<String> all = located(new Loader().load(new WorkingTreeSource(root), FlagScope.ALL));
        Set<String> found = new TreeSet<>();
        List<String> environments;
        try (Stream<Path> files = Files.list(root.resolve("environments"))) {
            environments = files.map(file -> file.getFileName().toString()).filter(name -> name.endsWith(".yaml"))
                    .map(EnvironmentReader::slugOf).toList();
        }
        for (String environment : environments) {
            Set<String> scoped = located(new Loader().load(new WorkingTreeSource(root),
                    FlagScope.ofEnvironment(environment)));
            assertTrue(all.containsAll(scoped), () -> environment + " reported more than a full load: " + scoped);
            found.addAll(scoped);
        }
        all.removeIf(problem -> problem.startsWith(ProblemCode.W_DEAD_OVERRIDE.name()));
        assertTrue(found.containsAll(all), () -> "no environment's load reported " + all.stream()
                .filter(p -> !found.contains(p)).toList());
    }

    static Stream<String> brokenRepos() throws IOException {
        return BrokenRepoTest.repos();
    }

    private static Set<String> located(LoadResult result) {
        return result.problems().stream().map(p -> p.code() + " " + p.origin() + " " + p.message())
                .collect(Collectors.toCollection(TreeSet::new));
    }
}
