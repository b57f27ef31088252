package dev.gitflags.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gitflags.testing.Cli;
import dev.gitflags.testing.Fixtures;
import dev.gitflags.testing.TestRepo;
import org.eclipse.jgit.revwalk.RevCommit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code gitflags diff} through the real command line: output formats and the exit codes CI branches on. */
class DiffCommandTest {

    @TempDir
    Path temp;

    @Test
    void exitsOneWithTheBlastRadiusWhenSomethingResolvesDifferently() throws Exception {
        try (TestRepo repo = Fixtures.Promotion.repo(temp.resolve("repo"))) {
            RevCommit before = repo.commitAt("main");
            repo.write("flags/core.yaml", Fixtures.Promotion.FLAGS.replace("default_value: plain", "default_value: fancy"));
            repo.commit("fancy theme");
            String dir = repo.dir().toString();

            Cli text = Cli.run("diff", "--repo", dir, before.name(), "main");
            assertEquals(1, text.exitCode(), text.err());
            assertTrue(text.out().startsWith("production\n  theme\n    default_value: \"plain\" → \"fancy\"  "
                    + "(flags/core.yaml:15)\nstaging\n"), text.out());
            assertTrue(text.out().endsWith("\nfrom " + before.name() + " to main: 1 flag resolves differently in "
                    + "3 environments, 3 changed fields\n"), text.out());

            Cli markdown = Cli.run("diff", "--repo", dir, "--format", "markdown", "HEAD~1", "HEAD");
            assertEquals(1, markdown.exitCode(), markdown.err());
            assertTrue(markdown.out().startsWith("### gitflags diff `HEAD~1` → `HEAD`\n"), markdown.out());
            assertTrue(markdown.out().contains("#### dev\n"), markdown.out());

            Cli json = Cli.run("diff", "--repo", dir, "--format", "json", "HEAD~1", "HEAD");
            assertEquals(1, json.exitCode(), json.err());
            assertTrue(json.out().contains("\"new\" : \"fancy\""), json.out());
        }
    }

    @Test
    void exitsZeroWhenNothingChangesAndComparesWithTheWorkingTreeByDefault() throws Exception {
        try (TestRepo repo = Fixtures.Promotion.repo(temp.resolve("repo"))) {
            String dir = repo.dir().toString();
            Cli same = Cli.run("diff", "--repo", dir, "HEAD");
            assertEquals(0, same.exitCode(), same.err());
            assertEquals("no flag resolves differently between HEAD and working tree\n", same.out());

            repo.write("environments/staging.yaml", Fixtures.Promotion.STAGING.replace("enabled: true\n    rollout",
                    "enabled: false\n    rollout"));
            Cli edited = Cli.run("diff", "--repo", dir, "HEAD");
            assertEquals(1, edited.exitCode(), edited.err());
            assertTrue(edited.out().contains("enabled: true → false  (environments/staging.yaml:5)"), edited.out());
        }
    }

    /** Commits every change in the work tree with the git binary. */
    private static String gitCommit(TestRepo repo, String message) {
        repo.git("add", "-A").ok();
        repo.git("commit", "-q", "-m", message).ok();
        return repo.git("rev-parse", "HEAD").ok().strip();
    }

    @Test
    void threeDotsCompareTheMergeBaseWithTheBranchAsGitDiffDoes() throws Exception {
        try (TestRepo repo = Fixtures.Promotion.repo(temp.resolve("repo"))) {
            String dir = repo.dir().toString();
            // a pull request's branch widens new-checkout in staging; meanwhile main changes the theme
            repo.git("checkout", "-q", "-b", "feature").ok();
            repo.write("environments/staging.yaml", Fixtures.Promotion.STAGING.replace("rollout_percentage: 50",
                    "rollout_percentage: 75"));
            gitCommit(repo, "widen new-checkout in staging");
            repo.git("checkout", "-q", "main").ok();
            repo.write("flags/core.yaml", Fixtures.Promotion.FLAGS.replace("default_value: plain",
                    "default_value: fancy"));
            gitCommit(repo, "fancy theme on main");
            String mergeBase = repo.git("merge-base", "main", "feature").ok().strip();

            Cli json = Cli.run("diff", "--repo", dir, "main...feature", "--format", "json");
            assertEquals(1, json.exitCode(), json.transcript());
            JsonNode document = new ObjectMapper().readTree(json.out());
            assertEquals(mergeBase, document.get("from").get("commit").asText(), "git's own merge base");
            assertEquals("feature", document.get("to").get("ref").asText());

            Cli threeDots = Cli.run("diff", "--repo", dir, "main...feature");
            assertEquals("""
                    staging
                      new-checkout
                        rollout_percentage: 50% → 75%  (environments/staging.yaml:6)
                    dev
                      new-checkout
                        rollout_percentage: 50% → 75%  (environments/staging.yaml:6)
                    from merge base BASE to feature: 1 flag resolves differently in 2 environments, 2 changed fields
                    """.replace("BASE", mergeBase.substring(0, 12)), threeDots.out());
            Cli fromBase = Cli.run("diff", "--repo", dir, mergeBase, "feature");
            assertEquals(fromBase.out().replace("from " + mergeBase, "from merge base " + mergeBase.substring(0, 12)),
                    threeDots.out());
            assertEquals(threeDots.out(), Cli.run("diff", "--repo", dir, "...feature").out(),
                    "a side left out is HEAD");

            // two refs (and two dots, as in git diff) compare the tips: main's newer theme shows as reverted
            Cli tips = Cli.run("diff", "--repo", dir, "main", "feature");
            assertTrue(tips.out().contains("theme\n    default_value: \"fancy\" → \"plain\""), tips.out());
            assertEquals(tips.out(), Cli.run("diff", "--repo", dir, "main..feature").out());

            Cli both = Cli.run("diff", "--repo", dir, "main...feature", "HEAD");
            assertEquals(2, both.exitCode(), both.transcript());
            assertTrue(both.err().contains("give a range main...feature or two refs, not both"), both.err());
        }
    }

    @Test
    void threeDotsRefuseWhenThereIsNoSingleMergeBase() throws Exception {
        try (TestRepo repo = Fixtures.Promotion.repo(temp.resolve("repo"))) {
            String dir = repo.dir().toString();
            // criss-cross: x and y each merge the other's first commit
            repo.git("checkout", "-q", "-b", "y").ok();
            repo.write("environments/y.yaml", "parent: production\n");
            String y1 = gitCommit(repo, "y1");
            repo.git("checkout", "-q", "-b", "x", "main").ok();
            repo.write("environments/x.yaml", "parent: production\n");
            String x1 = gitCommit(repo, "x1");
            repo.git("merge", "-q", "--no-ff", "-m", "x merges y1", y1).ok();
            repo.git("checkout", "-q", "y").ok();
            repo.git("merge", "-q", "--no-ff", "-m", "y merges x1", x1).ok();
            assertEquals(2, repo.git("merge-base", "--all", "x", "y").ok().strip().lines().count());

            Cli crissCross = Cli.run("diff", "--repo", dir, "x...y");
            assertEquals(2, crissCross.exitCode(), crissCross.transcript());
            assertTrue(crissCross.err().contains("x and y have more than one merge base"), crissCross.err());

            repo.git("checkout", "-q", "--orphan", "unrelated").ok();
            gitCommit(repo, "same files, no shared history");
            Cli none = Cli.run("diff", "--repo", dir, "main...unrelated");
            assertEquals(2, none.exitCode(), none.transcript());
            assertTrue(none.err().contains("main and unrelated have no common commit"), none.err());
        }
    }

    @Test
    void exitsTwoOnAnUnknownRefOrAnInvalidSide() throws Exception {
        try (TestRepo repo = Fixtures.Promotion.repo(temp.resolve("repo"))) {
            String dir = repo.dir().toString();
            Cli unknown = Cli.run("diff", "--repo", dir, "no-such-ref");
            assertEquals(2, unknown.exitCode());
            assertTrue(unknown.err().contains("unknown ref 'no-such-ref'"), unknown.err());

            repo.write("environments/dev.yaml", "name: Dev\nparent: nowhere\n");
            Cli invalid = Cli.run("diff", "--repo", dir, "HEAD");
            assertEquals(2, invalid.exitCode());
            assertTrue(invalid.err().contains("environments/dev.yaml:2"), invalid.err());
        }
    }

    @Test
    void maxFileSizeBoundsTheFilesADiffReadsBothWays() throws Exception {
        String padded = Fixtures.Promotion.PRODUCTION + "# padding\n".repeat(150_000); // 1.5 MB, over the 1MiB default
        try (TestRepo repo = Fixtures.Promotion.repo(temp.resolve("repo"))) {
            repo.write("environments/production.yaml", padded).commit("a long comment in production");
            String dir = repo.dir().toString();

            Cli small = Cli.run("diff", "--repo", dir, "--max-file-size", "1KiB", "HEAD~1", "HEAD");
            assertEquals(2, small.exitCode(), small.transcript());
            assertTrue(small.err().contains("environments/production.yaml:1:1: file has " + padded.length()
                    + " bytes, more than the limit of 1024"), small.transcript());
            assertTrue(small.err().contains("[E_LIMIT]"), small.transcript());

            Cli large = Cli.run("diff", "--repo", dir, "--max-file-size", "2MiB", "HEAD~1", "HEAD");
            assertEquals(0, large.exitCode(), large.transcript());
            assertEquals("no flag resolves differently between HEAD~1 and HEAD\n", large.out());
        }
    }
}
