package dev.gitflags.internal.load;

import dev.gitflags.internal.LoadResult;
import dev.gitflags.internal.model.Problem;
import dev.gitflags.testing.TestFiles;
import dev.gitflags.testing.TestRepo;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The corpus in src/core/test/resources/broken: one repo per problem code (the folder's name) plus {@code multiple},
 * each with {@code expected-problems.txt} listing every problem as {@code CODE file:line:column}. A repo named
 * after a warning ({@code W_...}) has only warnings: it is valid, and its snapshot carries them. A repo with a
 * {@code symlinks.txt} ({@code path -> target} per line) is loaded from a copy in which those links are made, since
 * this project's own checkout holds no links; one with a {@code submodules.txt} (a folder per line), from a copy in
 * which each of those folders is a git repository holding its files (a submodule, when the copy is committed).
 */
class BrokenRepoTest {

    private static final Path CORPUS = Path.of("src/core/test/resources/broken");

    @TempDir
    Path tmp;

    static Stream<String> repos() throws IOException {
        try (Stream<Path> folders = Files.list(CORPUS)) {
            return folders.filter(Files::isDirectory).map(path -> path.getFileName().toString()).sorted().toList().stream();
        }
    }

    private static List<String> expected(String repo) throws IOException {
        return Files.readAllLines(CORPUS.resolve(repo).resolve("expected-problems.txt")).stream()
                .filter(line -> !line.isBlank()).sorted().toList();
    }

    private static List<String> actual(LoadResult result) {
        return result.problems().stream().map(p -> p.code() + " " + p.origin()).sorted().toList();
    }

    /** The folder to load {@code repo} from: the corpus itself, or a copy with its links and submodules made. */
    private Path materialized(String repo, Path copies) throws IOException {
        Path folder = CORPUS.resolve(repo);
        Path links = folder.resolve("symlinks.txt");
        Path submodules = folder.resolve("submodules.txt");
        if (!Files.exists(links) && !Files.exists(submodules)) {
            return folder;
        }
        Path copy = TestFiles.copy(folder, copies.resolve(repo));
        for (String line : Files.exists(submodules) ? Files.readAllLines(submodules) : List.<String>of()) {
            if (!line.isBlank() && !line.startsWith("#")) {
                try (TestRepo submodule = TestRepo.init(copy.resolve(line))) {
                    submodule.commit("the submodule's files");
                }
            }
        }
        for (String line : Files.exists(links) ? Files.readAllLines(links) : List.<String>of()) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            String[] link = line.split(" -> ", 2);
            Path at = copy.resolve(link[0]);
            Files.createDirectories(at.getParent());
            Files.createSymbolicLink(at, Path.of(link[1]));
        }
        return copy;
    }

    @ParameterizedTest
    @MethodSource("repos")
    void reportsExactlyTheExpectedProblems(String repo) throws IOException {
        LoadResult result = new Loader().load(new WorkingTreeSource(materialized(repo, tmp)));

        boolean warningsOnly = repo.startsWith("W_");
        assertEquals(warningsOnly, result.isValid(), () -> String.join("\n",
                result.problems().stream().map(Problem::toString).toList()));
        assertEquals(warningsOnly, result.snapshot() != null);
        assertEquals(warningsOnly, result.errors().isEmpty());
        assertEquals(expected(repo), actual(result), () -> String.join("\n",
                result.problems().stream().map(Problem::toString).toList()));
        for (Problem problem : result.problems()) {
            assertFalse(problem.message().isBlank(), problem::toString);
            assertFalse(problem.hint().isBlank(), problem::toString);
            assertEquals(problem.code().name().startsWith("W_"), !problem.isError(), problem::toString);
        }
    }

    /**
     * The lifecycle policy's codes, which validate reports and loads do not, have theirs in LifecycleCheckTest's; the
     * sync feed's, which no repository can have, in FeedReaderTest.
     */
    @Test
    void everyProblemCodeHasABrokenRepo() throws IOException {
        List<String> repos = repos().toList();
        List<String> lifecycle = dev.gitflags.internal.analysis.LifecycleCheckTest.repos().toList();
        for (var code : dev.gitflags.internal.model.ProblemCode.values()) {
            assertTrue(repos.contains(code.name()) || lifecycle.contains(code.name())
                    || dev.gitflags.internal.sync.FeedReaderTest.CODES.contains(code.name()), "no broken repo for " + code);
        }
    }

    @ParameterizedTest
    @MethodSource("repos")
    void aGitCommitOfABrokenRepoReportsTheSameProblems(String name) throws Exception {
        Path dir = tmp.resolve("git");
        Path config = materialized(name, tmp.resolve("links"));
        Files.createDirectories(dir);
        Files.move(config.equals(CORPUS.resolve(name)) ? TestFiles.copy(config, tmp.resolve("copy")) : config,
                dir.resolve("config"));
        try (TestRepo repo = TestRepo.init(dir)) {
            repo.commit("broken config");
        }
        try (ConfigSource source = ConfigSources.open(dir.resolve("config"), "HEAD")) {
            assertEquals(expected(name), actual(new Loader().load(source)));
        }
    }

    @Test
    void messagesNameWhatIsWrongAndSuggestTheFix() {
        LoadResult result = new Loader().load(new WorkingTreeSource(CORPUS.resolve("multiple")));
        List<String> lines = result.problems().stream().map(Problem::toString).toList();

        assertTrue(lines.contains("environments/production.yaml:3:3: override 'new-chekout' names no flag "
                + "(did you mean 'new-checkout'?) [E_UNKNOWN_FLAG]"), String.join("\n", lines));
        assertTrue(lines.stream().anyMatch(line -> line.startsWith("flags/more.yaml:2:3: flag 'new-checkout' is "
                + "already defined at flags/checkout.yaml:2:3")), String.join("\n", lines));
        assertTrue(lines.stream().anyMatch(line -> line.contains("unknown operator 'inn'")
                && line.contains("did you mean 'in'?")), String.join("\n", lines));
        assertTrue(lines.stream().anyMatch(line -> line.contains("inheritance cycle: staging -> staging")),
                String.join("\n", lines));
    }

    @Test
    void aTypoInAPropertyNameSuggestsTheRightOne() {
        LoadResult result = new Loader().load(new WorkingTreeSource(CORPUS.resolve("E_SCHEMA")));
        Problem typo = result.problems().stream().filter(p -> p.message().contains("'nmae'")).findFirst().orElseThrow();
        assertEquals("did you mean 'name'?", typo.hint());
        assertEquals(new dev.gitflags.internal.model.Origin("flags/schema.yaml", 4, 5), typo.origin());
    }
}
