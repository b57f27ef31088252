package dev.gitflags.diff;

import dev.gitflags.cli.GitflagsCommand;
import dev.gitflags.promote.TestRepo;
import org.eclipse.jgit.revwalk.RevCommit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code gitflags diff} through the real command line: output formats and the exit codes CI branches on. */
class DiffCommandTest {

    @TempDir
    Path temp;

    private record Run(int exitCode, String out, String err) {
    }

    private static Run gitflags(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine commandLine = new CommandLine(new GitflagsCommand());
        commandLine.setOut(new PrintWriter(out, true));
        commandLine.setErr(new PrintWriter(err, true));
        return new Run(commandLine.execute(args), out.toString(), err.toString());
    }

    @Test
    void exitsOneWithTheBlastRadiusWhenSomethingResolvesDifferently() throws Exception {
        try (TestRepo repo = TestRepo.standard(temp.resolve("repo"))) {
            RevCommit before = TestRepo.commitAt(repo.repository(), "main");
            repo.write("flags/core.yaml", TestRepo.FLAGS.replace("default_value: plain", "default_value: fancy"));
            repo.commit("fancy theme");
            String dir = repo.dir().toString();

            Run text = gitflags("diff", "--repo", dir, before.name(), "main");
            assertEquals(1, text.exitCode(), text.err());
            assertTrue(text.out().startsWith("production\n  theme\n    default_value: \"plain\" → \"fancy\"  "
                    + "(flags/core.yaml:15)\nstaging\n"), text.out());
            assertTrue(text.out().endsWith("3 environment(s), 3 flag(s), 3 field(s) resolve differently from "
                    + before.name() + " to main\n"), text.out());

            Run markdown = gitflags("diff", "--repo", dir, "--format", "markdown", "HEAD~1", "HEAD");
            assertEquals(1, markdown.exitCode(), markdown.err());
            assertTrue(markdown.out().startsWith("### gitflags diff `HEAD~1` → `HEAD`\n"), markdown.out());
            assertTrue(markdown.out().contains("#### dev\n"), markdown.out());

            Run json = gitflags("diff", "--repo", dir, "--format", "json", "HEAD~1", "HEAD");
            assertEquals(1, json.exitCode(), json.err());
            assertTrue(json.out().contains("\"new\" : \"fancy\""), json.out());
        }
    }

    @Test
    void exitsZeroWhenNothingChangesAndComparesWithTheWorkingTreeByDefault() throws Exception {
        try (TestRepo repo = TestRepo.standard(temp.resolve("repo"))) {
            String dir = repo.dir().toString();
            Run same = gitflags("diff", "--repo", dir, "HEAD");
            assertEquals(0, same.exitCode(), same.err());
            assertEquals("no flag resolves differently between HEAD and working tree\n", same.out());

            repo.write("environments/staging.yaml", TestRepo.STAGING.replace("enabled: true\n    rollout",
                    "enabled: false\n    rollout"));
            Run edited = gitflags("diff", "--repo", dir, "HEAD");
            assertEquals(1, edited.exitCode(), edited.err());
            assertTrue(edited.out().contains("enabled: true → false  (environments/staging.yaml:5)"), edited.out());
        }
    }

    @Test
    void exitsTwoOnAnUnknownRefOrAnInvalidSide() throws Exception {
        try (TestRepo repo = TestRepo.standard(temp.resolve("repo"))) {
            String dir = repo.dir().toString();
            Run unknown = gitflags("diff", "--repo", dir, "no-such-ref");
            assertEquals(2, unknown.exitCode());
            assertTrue(unknown.err().contains("unknown ref 'no-such-ref'"), unknown.err());

            repo.write("environments/dev.yaml", "name: Dev\nparent: nowhere\n");
            Run invalid = gitflags("diff", "--repo", dir, "HEAD");
            assertEquals(2, invalid.exitCode());
            assertTrue(invalid.err().contains("environments/dev.yaml:2"), invalid.err());
        }
    }
}
