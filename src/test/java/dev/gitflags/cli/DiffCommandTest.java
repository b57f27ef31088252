package dev.gitflags.cli;

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
