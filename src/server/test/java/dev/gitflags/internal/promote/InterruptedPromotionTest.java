package dev.gitflags.internal.promote;

import dev.gitflags.testing.Cli;
import dev.gitflags.testing.Fixtures;
import dev.gitflags.testing.GitflagsProcess;
import dev.gitflags.testing.TestRepo;
import org.eclipse.jgit.lib.ObjectId;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code kill -9} of a real {@code gitflags promote} process at each step of its update of a checked-out branch.
 * Whatever the step, the kill leaves (a) the branch without the promotion and tree and index as they were,
 * (b) the branch with it and tree and index matching, or (c) the branch with it and the tree's update visibly
 * unfinished — {@code index.lock} held, so git refuses to commit over it. Never a state where a plain
 * {@code git commit} would silently revert the promotion. The next gitflags command completes (c).
 */
class InterruptedPromotionTest {

    /** The steps at which the branch has not moved yet. */
    private static final Set<PausePoint> BEFORE_THE_SWAP = Set.of(PausePoint.JOURNALED, PausePoint.LOCKED);

    /** The steps at which the index is still locked after the branch moved. */
    private static final Set<PausePoint> LOCKED_AFTER_THE_SWAP = Set.of(PausePoint.SWAPPED, PausePoint.FILES_WRITTEN,
            PausePoint.INDEX_WRITTEN);

    @TempDir
    Path temp;

    static Stream<Arguments> steps() {
        return Stream.of(false, true).flatMap(linked -> Arrays.stream(PausePoint.values())
                .map(step -> Arguments.of(step, linked)));
    }

    @ParameterizedTest(name = "killed at {0}, linked worktree: {1}")
    @MethodSource("steps")
    void aKillAtAnyStepLeavesNoTrapAndTheNextGitflagsCommandFinishesTheUpdate(PausePoint step, boolean linked) {
        try (TestRepo repo = Fixtures.Promotion.repo(temp.resolve("repo"))) {
            String branch = linked ? "release" : "main";
            Path checkout = linked ? CheckedOutRepos.linkedWorktree(repo, branch, temp.resolve("linked")) : repo.dir();
            ObjectId before = repo.tip(branch);

            GitflagsProcess promote = GitflagsProcess.start(Map.of("gitflags.test.pause-at", step.label()),
                    "promote", "--repo", repo.dir().toString(), "--ref", branch, "--from", "staging", "--to",
                    "production", "new-checkout");
            promote.awaitErrLine("paused at " + step.label(), Duration.ofMinutes(2));
            promote.kill();

            ObjectId killed = repo.tip(branch);
            assertEquals(BEFORE_THE_SWAP.contains(step), before.equals(killed), "the branch moved");
            try (TestRepo worktree = TestRepo.open(checkout)) {
                if (LOCKED_AFTER_THE_SWAP.contains(step)) {
                    // (c): a teammate's plain git commit is refused loudly instead of reverting the promotion
                    TestRepo.GitRun commit = worktree.git("commit", "-m", "a teammate's commit");
                    assertNotEquals(0, commit.exitCode(), commit.output());
                    assertTrue(commit.output().contains("index.lock"), commit.output());
                    assertEquals(killed, repo.tip(branch));
                } else if (!BEFORE_THE_SWAP.contains(step)) {
                    assertEquals("", worktree.git("status", "--porcelain").ok(), "(b): tree and index match");
                }

                Cli next = Cli.run("validate", "--repo", checkout.toString());
                assertEquals(0, next.exitCode(), next.transcript());
                assertTrue(next.err().startsWith(BEFORE_THE_SWAP.contains(step)
                        ? "gitflags: rolled back an interrupted promotion: " + branch + " never got "
                        : "gitflags: finished an interrupted promotion ("), next.transcript());

                CheckedOutRepos.assertClean(repo, checkout);
                assertEquals(killed, repo.tip(branch), "the next command neither undid nor redid the promotion");
                String production = repo.read(branch, "environments/production.yaml");
                assertEquals(!BEFORE_THE_SWAP.contains(step), production.contains("new-checkout"), production);
                assertEquals(production, read(checkout.resolve("environments/production.yaml")));
                // and git works again: a commit now keeps what the branch has
                worktree.git("commit", "--allow-empty", "-m", "after the kill").ok();
                assertEquals(production, repo.read(branch, "environments/production.yaml"));
            }
        }
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
