package dev.gitflags;

import dev.gitflags.testing.Cli;
import dev.gitflags.testing.TestRepo;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The version gitflags states, and a repository's {@code requires:} checked against it (issue 10 item 13). */
class GitflagsVersionTest {

    @TempDir
    Path dir;

    private static final String FLAGS = "flags:\n  new-checkout:\n    type: boolean\n    default_value: false\n";

    @Test
    void thePomAndTheCommandLineStateOneVersion() throws Exception {
        Matcher version = Pattern.compile("<artifactId>gitflags-parent</artifactId>\\s*<version>([^<]+)</version>")
                .matcher(Files.readString(Path.of("pom.xml")));
        assertTrue(version.find());
        assertEquals(GitflagsVersion.CURRENT + "-SNAPSHOT", version.group(1));
        assertEquals("gitflags " + GitflagsVersion.CURRENT + "\n", Cli.run("--version").out());
    }

    @Test
    void aRequiredVersionIsComparedAsAVersion() {
        assertTrue(GitflagsVersion.satisfies("0.2"));
        assertTrue(GitflagsVersion.satisfies("0.2.0"));
        assertTrue(GitflagsVersion.satisfies("0.1.9"));
        assertFalse(GitflagsVersion.satisfies("0.2.1"));
        assertFalse(GitflagsVersion.satisfies("0.10"));
        assertFalse(GitflagsVersion.satisfies("1.0"));
    }

    @Test
    void aRepositoryThatNeedsANewerGitflagsIsRefusedAtItsRequiresLine() {
        try (TestRepo repo = TestRepo.init(dir)) {
            repo.write("gitflags.yaml", "default_environment: production\nrequires: \"0.2\"\n")
                    .write("flags/base.yaml", FLAGS).write("environments/production.yaml", "name: Production\n")
                    .commit("needs 0.2");
            Cli ok = Cli.run("validate", "--repo", dir.toString(), "--ref", "HEAD");
            assertEquals(0, ok.exitCode(), ok.transcript());

            // a newer release's setting this one does not know: refused for the version, not misread
            repo.write("gitflags.yaml", "default_environment: production\nrequires: \"0.3\"\nbucketing: flagd\n")
                    .commit("needs 0.3");
            Cli refused = Cli.run("validate", "--repo", dir.toString(), "--ref", "HEAD");
            assertEquals(1, refused.exitCode(), refused.transcript());
            assertEquals("gitflags.yaml:2:11: this repository requires gitflags 0.3 or newer; this is gitflags "
                    + GitflagsVersion.CURRENT + ", which may read it differently, so nothing else is checked "
                    + "(upgrade gitflags to 0.3 or newer everywhere that reads this repository: CI and servers) "
                    + "[E_VERSION]", refused.out().lines().findFirst().orElseThrow(), refused.transcript());
            assertTrue(refused.out().contains("1 problem in "), refused.transcript());

            Cli eval = Cli.run("eval", "--repo", dir.toString(), "--ref", "HEAD", "--env", "production",
                    "new-checkout");
            assertEquals(1, eval.exitCode(), eval.transcript());
            assertTrue(eval.err().contains("[E_VERSION]"), eval.transcript());
        }
    }
}
