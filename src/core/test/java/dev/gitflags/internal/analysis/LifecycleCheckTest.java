package dev.gitflags.internal.analysis;

import dev.gitflags.internal.LoadResult;
import dev.gitflags.internal.load.Loader;
import dev.gitflags.internal.load.WorkingTreeSource;
import dev.gitflags.internal.model.Problem;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The corpus in src/core/test/resources/lifecycle: one repo per lifecycle problem code, each valid to load and with
 * {@code expected-problems.txt} listing what {@link LifecycleCheck} reports on {@link #TODAY}, as BrokenRepoTest's.
 */
public class LifecycleCheckTest {

    private static final Path CORPUS = Path.of("src/core/test/resources/lifecycle");
    static final LocalDate TODAY = LocalDate.of(2026, 12, 1);

    public static Stream<String> repos() throws IOException {
        try (Stream<Path> folders = Files.list(CORPUS)) {
            return folders.filter(Files::isDirectory).map(path -> path.getFileName().toString()).sorted().toList().stream();
        }
    }

    private static List<Problem> check(String repo) {
        LoadResult loaded = new Loader().load(new WorkingTreeSource(CORPUS.resolve(repo)));
        assertTrue(loaded.isValid(), () -> repo + " should load: " + loaded.problems());
        assertEquals(List.of(), loaded.problems(), "lifecycle is not the load's business");
        return LifecycleCheck.problems(loaded.snapshot(), TODAY);
    }

    @ParameterizedTest
    @MethodSource("repos")
    void reportsExactlyTheExpectedProblems(String repo) throws IOException {
        List<Problem> problems = check(repo);

        List<String> expected = Files.readAllLines(CORPUS.resolve(repo).resolve("expected-problems.txt")).stream()
                .filter(line -> !line.isBlank()).sorted().toList();
        assertEquals(expected, problems.stream().map(p -> p.code() + " " + p.origin()).sorted().toList(),
                () -> String.join("\n", problems.stream().map(Problem::toString).toList()));
        for (Problem problem : problems) {
            assertFalse(problem.hint().isBlank(), problem::toString);
            assertEquals(problem.code().name().startsWith("W_"), !problem.isError(), problem::toString);
        }
    }

    @Test
    void eachPolicyBreachSaysWhatIsMissingAndHowToFixIt() {
        List<String> lines = check("E_LIFECYCLE").stream().map(Problem::toString).toList();

        assertEquals(List.of(
                "flags/base.yaml:2:3: flag 'no-owner' has no owner, which gitflags.yaml's lifecycle policy requires"
                        + " (add 'owner: <team or person>' to the definition) [E_LIFECYCLE]",
                "flags/base.yaml:6:3: flag 'no-expiry' has no expiry date, which gitflags.yaml's lifecycle policy"
                        + " requires (add 'expires: YYYY-MM-DD' (the last day it is meant to exist), or"
                        + " 'permanent: true' for a long-lived operational flag) [E_LIFECYCLE]",
                "flags/base.yaml:10:3: flag 'lives-too-long' expires on 2027-03-02, more than the 90 days from today"
                        + " (2026-12-01) that the lifecycle policy allows (set 'expires:' to 2027-03-01 or earlier, or"
                        + " 'permanent: true' for a long-lived operational flag) [E_LIFECYCLE]",
                "flags/base.yaml:15:3: flag 'permanent-and-expiring' is permanent and expires on 2027-01-31 (remove"
                        + " 'expires:' if it is meant to stay, or 'permanent: true' if it is meant to go) [E_LIFECYCLE]"),
                lines.stream().sorted((a, b) -> Integer.compare(line(a), line(b))).toList());
    }

    @Test
    void lifecycleKeptInMetadataIsAWarningThatNamesTheField() {
        List<String> lines = check("W_LIFECYCLE_IN_METADATA").stream().map(Problem::toString).toList();

        assertTrue(lines.contains("flags/base.yaml:2:3: warning: metadata.owner of flag 'new-checkout' is only metadata:"
                + " gitflags reads a flag's owner from its own 'owner:' field (move it out of metadata to"
                + " 'owner: \"team-checkout\"' beside 'type:') [W_LIFECYCLE_IN_METADATA]"), String.join("\n", lines));
    }

    @Test
    void aFlagExpiresTheDayAfterItsExpiresDate() {
        assertEquals(1, check("E_EXPIRED").size());
        LoadResult loaded = new Loader().load(new WorkingTreeSource(CORPUS.resolve("E_EXPIRED")));
        assertEquals(2, LifecycleCheck.problems(loaded.snapshot(), TODAY.plusDays(1)).size());
        assertEquals(0, LifecycleCheck.problems(loaded.snapshot(), TODAY.minusDays(1)).size());
    }

    @Test
    void anImpossibleDayIsASchemaError(@TempDir Path repo) throws IOException {
        dev.gitflags.testing.TestFiles.copy(CORPUS.resolve("W_EXPIRED"), repo.resolve("r"));
        Files.writeString(repo.resolve("r/flags/base.yaml"), """
                flags:
                  odd:
                    type: boolean
                    expires: 2027-02-30
                    default_value: false
                  worse:
                    type: boolean
                    expires: next week
                    default_value: false
                """);
        LoadResult loaded = new Loader().load(new WorkingTreeSource(repo.resolve("r")));
        assertEquals(List.of("E_SCHEMA flags/base.yaml:4:14", "E_SCHEMA flags/base.yaml:8:14"),
                loaded.problems().stream().map(p -> p.code() + " " + p.origin()).toList(), loaded.problems()::toString);
    }

    private static int line(String text) {
        return Integer.parseInt(text.split(":")[1]);
    }
}
