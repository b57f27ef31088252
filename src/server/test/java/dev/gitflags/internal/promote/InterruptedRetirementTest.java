package dev.gitflags.internal.promote;

import dev.gitflags.testing.Cli;
import dev.gitflags.testing.Fixtures;
import dev.gitflags.testing.GitflagsProcess;
import dev.gitflags.testing.TestRepo;
import org.eclipse.jgit.lib.ObjectId;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code kill -9} of a real {@code gitflags retire} process at each step of its update of a checked-out branch — a
 * retirement that edits files and deletes one. As for a promotion ({@link InterruptedPromotionTest}), the kill never
 * leaves a state where a plain {@code git commit} would silently bring the retired flags back, and the next gitflags
 * command finishes or rolls back the update, the deleted file included.
 */
class InterruptedRetirementTest {

    private static final Set<PausePoint> BEFORE_THE_SWAP = Set.of(PausePoint.JOURNALED, PausePoint.LOCKED);

    private static final Set<PausePoint> LOCKED_AFTER_THE_SWAP = Set.of(PausePoint.SWAPPED, PausePoint.FILES_WRITTEN,
            PausePoint.INDEX_WRITTEN);

    @TempDir
    Path temp;

    @ParameterizedTest(name = "killed at {0}")
    @EnumSource(PausePoint.class)
    void aKillAtAnyStepLeavesNoTrapAndTheNextGitflagsCommandFinishesTheUpdate(PausePoint step) throws Exception {
        try (TestRepo repo = Fixtures.Retirement.repo(temp.resolve("repo"))) {
            ObjectId before = repo.tip("main");

            GitflagsProcess retire = GitflagsProcess.start(Map.of("gitflags.test.pause-at", step.label()),
                    "retire", "--repo", repo.dir().toString(), "new-checkout", "old-banner");
            retire.awaitErrLine("paused at " + step.label(), Duration.ofMinutes(2));
            retire.kill();

            ObjectId killed = repo.tip("main");
            boolean retired = !BEFORE_THE_SWAP.contains(step);
            assertEquals(!retired, before.equals(killed), "the branch moved");
            if (LOCKED_AFTER_THE_SWAP.contains(step)) {
                TestRepo.GitRun commit = repo.git("commit", "-m", "a teammate's commit");
                assertNotEquals(0, commit.exitCode(), commit.output());
                assertTrue(commit.output().contains("index.lock"), commit.output());
                assertEquals(killed, repo.tip("main"));
            } else if (retired) {
                assertEquals("", repo.git("status", "--porcelain").ok(), "tree and index match");
            }

            Cli next = Cli.run("validate", "--repo", repo.dir().toString());
            assertEquals(0, next.exitCode(), next.transcript());
            assertTrue(next.err().startsWith(retired ? "gitflags: finished an interrupted retirement ("
                    : "gitflags: rolled back an interrupted retirement: main never got "), next.transcript());

            CheckedOutRepos.assertClean(repo, repo.dir());
            assertEquals(killed, repo.tip("main"), "the next command neither undid nor redid the retirement");
            Path legacy = repo.dir().resolve("flags/legacy.yaml");
            if (retired) {
                assertNull(repo.read("main", "flags/legacy.yaml"));
                assertTrue(!Files.exists(legacy), "the deleted file is gone from the working tree");
            } else {
                assertEquals(Fixtures.Retirement.LEGACY, Files.readString(legacy));
            }
            String checkout = repo.read("main", "flags/checkout.yaml");
            assertEquals(!retired, checkout.contains("new-checkout"), checkout);
            assertEquals(checkout, Files.readString(repo.dir().resolve("flags/checkout.yaml")));
            repo.git("commit", "--allow-empty", "-m", "after the kill").ok();
            assertEquals(checkout, repo.read("main", "flags/checkout.yaml"));
            assertEquals(retired, repo.read("main", "flags/legacy.yaml") == null);
        }
    }
}
