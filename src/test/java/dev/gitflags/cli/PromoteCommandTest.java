package dev.gitflags.cli;

import dev.gitflags.testing.Cli;
import dev.gitflags.testing.Fixtures;
import dev.gitflags.testing.TestRepo;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.revwalk.RevCommit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code gitflags promote} through the real command line, on real git repositories. */
class PromoteCommandTest {

    @TempDir
    Path temp;

    @Test
    void promotesAndPrintsWhatChangedWithTheCommit() throws Exception {
        try (TestRepo repo = Fixtures.Promotion.repo(temp.resolve("repo"))) {
            Cli run = Cli.run("promote", "--repo", repo.dir().toString(), "--from", "staging", "--to", "production",
                    "new-checkout", "--author", "Grace Hopper <grace@example.com>");

            assertEquals(0, run.exitCode(), run.transcript());
            RevCommit commit = repo.commitAt("main");
            assertEquals("promoted staging → production on main: new-checkout\n"
                    + "  new-checkout\n    enabled: false → true\n    rollout_percentage: none → 50%\n"
                    + "commit " + commit.name() + "\n", run.out());
            assertEquals("Grace Hopper", commit.getAuthorIdent().getName());
            assertEquals("grace@example.com", commit.getAuthorIdent().getEmailAddress());
        }
    }

    @Test
    void dryRunPrintsPlanAndDiffAsJsonAndCommitsNothing() throws Exception {
        try (TestRepo repo = Fixtures.Promotion.repo(temp.resolve("repo"))) {
            ObjectId before = repo.tip("main");
            Cli run = Cli.run("promote", "--repo", repo.dir().toString(), "--from", "staging", "--to", "production",
                    "--all", "--dry-run", "--format", "json");

            assertEquals(0, run.exitCode(), run.transcript());
            assertTrue(run.out().contains("\"status\" : \"dry_run\""), run.out());
            assertTrue(run.out().contains("+  new-checkout:"), run.out());
            assertEquals(before, repo.tip("main"));
        }
    }

    @Test
    void nothingToPromoteExitsZeroAndSaysWhy() throws Exception {
        try (TestRepo repo = Fixtures.Promotion.repo(temp.resolve("repo"))) {
            Cli run = Cli.run("promote", "--repo", repo.dir().toString(), "--from", "staging", "--to", "dev",
                    "--all");

            assertEquals(0, run.exitCode(), run.transcript());
            assertEquals("nothing to promote: dev inherits from staging (dev → staging) and overrides none of its "
                    + "flags, so it already resolves them exactly as staging does\n", run.out());
        }
    }

    @Test
    void usageErrorsExitTwoAndMeaninglessPromotionsExitOne() throws Exception {
        try (TestRepo repo = Fixtures.Promotion.repo(temp.resolve("repo"))) {
            String dir = repo.dir().toString();
            Cli noKeys = Cli.run("promote", "--repo", dir, "--from", "staging", "--to", "production");
            assertEquals(2, noKeys.exitCode(), noKeys.transcript());
            assertTrue(noKeys.err().contains("name the flags to promote, or --all"), noKeys.err());

            Cli unknown = Cli.run("promote", "--repo", dir, "--from", "staging", "--to", "prodution", "dark-mode");
            assertEquals(2, unknown.exitCode(), unknown.transcript());
            assertEquals("gitflags: unknown environment 'prodution' (did you mean 'production'?)\n", unknown.err());

            Cli badAuthor = Cli.run("promote", "--repo", dir, "--from", "staging", "--to", "production",
                    "dark-mode", "--author", "nobody");
            assertEquals(2, badAuthor.exitCode(), badAuthor.transcript());

            Cli self = Cli.run("promote", "--repo", dir, "--from", "dev", "--to", "dev", "dark-mode");
            assertEquals(1, self.exitCode(), self.transcript());

            Cli notGit = Cli.run("promote", "--repo", temp.toString(), "--from", "a", "--to", "b", "--all");
            assertEquals(2, notGit.exitCode(), notGit.transcript());
        }
    }

    @Test
    void maxFileSizeBoundsTheFilesAPromotionReadsBothWays() throws Exception {
        String padded = Fixtures.Promotion.PRODUCTION + "# padding\n".repeat(150_000); // 1.5 MB, over the 1MiB default
        try (TestRepo repo = Fixtures.Promotion.repo(temp.resolve("repo"))) {
            repo.write("environments/production.yaml", padded).commit("a long comment in production");
            String dir = repo.dir().toString();
            ObjectId before = repo.tip("main");

            Cli small = Cli.run("promote", "--repo", dir, "--from", "staging", "--to", "production", "dark-mode",
                    "--max-file-size", "1KiB");
            assertEquals(1, small.exitCode(), small.transcript());
            assertTrue(small.err().contains("environments/production.yaml:1:1: file has " + padded.length()
                    + " bytes, more than the limit of 1024"), small.transcript());
            assertTrue(small.err().contains("[E_LIMIT]"), small.transcript());
            assertEquals(before, repo.tip("main"));

            Cli large = Cli.run("promote", "--repo", dir, "--from", "staging", "--to", "production", "dark-mode",
                    "--max-file-size", "2MiB");
            assertEquals(0, large.exitCode(), large.transcript());
            assertTrue(large.out().startsWith("promoted staging → production on main: dark-mode\n"),
                    large.transcript());
            assertTrue(repo.read("main", "environments/production.yaml").endsWith("# padding\n"));
        }
    }

    @Test
    void aRepositoryWithoutACommitExitsTwoWithASentence() throws Exception {
        try (TestRepo repo = TestRepo.init(temp.resolve("repo")).write(Fixtures.Promotion.files())) {
            Cli run = Cli.run("promote", "--repo", repo.dir().toString(), "--from", "staging", "--to", "production",
                    "--all");

            assertEquals(2, run.exitCode(), run.transcript());
            assertEquals("gitflags: branch 'main' has no commit yet (commit the config first, then promote)\n",
                    run.err(), run.transcript());
            assertEquals("", run.out(), run.transcript());
            assertNull(repo.head());
        }
    }
}
