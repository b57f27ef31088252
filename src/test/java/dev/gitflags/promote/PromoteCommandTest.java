package dev.gitflags.promote;

import dev.gitflags.cli.GitflagsCommand;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.revwalk.RevCommit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code gitflags promote} through the real command line, on real git repositories. */
class PromoteCommandTest {

    @TempDir
    Path temp;

    record Run(int exitCode, String out, String err) {
        String transcript() {
            return "exit " + exitCode + "\n--- stdout\n" + out + "--- stderr\n" + err;
        }
    }

    static Run gitflags(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine commandLine = new CommandLine(new GitflagsCommand());
        commandLine.setOut(new PrintWriter(out, true));
        commandLine.setErr(new PrintWriter(err, true));
        int exitCode = commandLine.execute(args);
        return new Run(exitCode, out.toString(), err.toString());
    }

    @Test
    void promotesAndPrintsWhatChangedWithTheCommit() throws Exception {
        try (TestRepo repo = TestRepo.standard(temp.resolve("repo"))) {
            Run run = gitflags("promote", "--repo", repo.dir().toString(), "--from", "staging", "--to", "production",
                    "new-checkout", "--author", "Grace Hopper <grace@example.com>");

            assertEquals(0, run.exitCode(), run.transcript());
            RevCommit commit = TestRepo.commitAt(repo.repository(), "main");
            assertEquals("promoted staging → production on main: new-checkout\n"
                    + "  new-checkout\n    enabled: false → true\n    rollout_percentage: none → 50%\n"
                    + "commit " + commit.name() + "\n", run.out());
            assertEquals("Grace Hopper", commit.getAuthorIdent().getName());
            assertEquals("grace@example.com", commit.getAuthorIdent().getEmailAddress());
        }
    }

    @Test
    void dryRunPrintsPlanAndDiffAsJsonAndCommitsNothing() throws Exception {
        try (TestRepo repo = TestRepo.standard(temp.resolve("repo"))) {
            ObjectId before = repo.tip("main");
            Run run = gitflags("promote", "--repo", repo.dir().toString(), "--from", "staging", "--to", "production",
                    "--all", "--dry-run", "--format", "json");

            assertEquals(0, run.exitCode(), run.transcript());
            assertTrue(run.out().contains("\"status\" : \"dry_run\""), run.out());
            assertTrue(run.out().contains("+  new-checkout:"), run.out());
            assertEquals(before, repo.tip("main"));
        }
    }

    @Test
    void nothingToPromoteExitsZeroAndSaysWhy() throws Exception {
        try (TestRepo repo = TestRepo.standard(temp.resolve("repo"))) {
            Run run = gitflags("promote", "--repo", repo.dir().toString(), "--from", "staging", "--to", "dev",
                    "--all");

            assertEquals(0, run.exitCode(), run.transcript());
            assertEquals("nothing to promote: dev inherits from staging (dev → staging) and overrides none of its "
                    + "flags, so it already resolves them exactly as staging does\n", run.out());
        }
    }

    @Test
    void usageErrorsExitTwoAndMeaninglessPromotionsExitOne() throws Exception {
        try (TestRepo repo = TestRepo.standard(temp.resolve("repo"))) {
            String dir = repo.dir().toString();
            Run noKeys = gitflags("promote", "--repo", dir, "--from", "staging", "--to", "production");
            assertEquals(2, noKeys.exitCode(), noKeys.transcript());
            assertTrue(noKeys.err().contains("name the flags to promote, or --all"), noKeys.err());

            Run unknown = gitflags("promote", "--repo", dir, "--from", "staging", "--to", "prodution", "dark-mode");
            assertEquals(2, unknown.exitCode(), unknown.transcript());
            assertEquals("gitflags: unknown environment 'prodution' (did you mean 'production'?)\n", unknown.err());

            Run badAuthor = gitflags("promote", "--repo", dir, "--from", "staging", "--to", "production",
                    "dark-mode", "--author", "nobody");
            assertEquals(2, badAuthor.exitCode(), badAuthor.transcript());

            Run self = gitflags("promote", "--repo", dir, "--from", "dev", "--to", "dev", "dark-mode");
            assertEquals(1, self.exitCode(), self.transcript());

            Run notGit = gitflags("promote", "--repo", temp.toString(), "--from", "a", "--to", "b", "--all");
            assertEquals(2, notGit.exitCode(), notGit.transcript());
        }
    }
}
