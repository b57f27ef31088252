package dev.gitflags.cli;

import dev.gitflags.testing.Cli;
import dev.gitflags.testing.Fixtures;
import dev.gitflags.testing.TestRepo;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code gitflags serve} refuses to start on bad input, with located errors and the documented exit codes. */
class ServeCommandTest {

    @TempDir
    Path dir;

    private final StringBuilder err = new StringBuilder();

    /** Runs {@code gitflags serve args...}; returns the exit code and keeps what it printed on stderr. */
    private int serve(String... args) {
        String[] command = new String[args.length + 1];
        command[0] = "serve";
        System.arraycopy(args, 0, command, 1, args.length);
        Cli cli = Cli.run(command);
        err.append(cli.err());
        return cli.exitCode();
    }

    @Test
    void anInvalidFirstLoadExitsWith1AndPrintsLocatedErrors() throws Exception {
        try (TestRepo repo = Fixtures.Serving.repo(dir)) {
            repo.write("environments/staging.yaml", """
                    name: Staging
                    parent: production
                    overrides:
                      bannner-text:
                        default_value: typo
                    """).commit("broken");
        }
        assertEquals(1, serve("--repo", dir.toString(), "--ref", "main", "--port", "0"));
        assertTrue(err.toString().contains("environments/staging.yaml:4:"), err.toString());
        assertTrue(err.toString().contains("E_UNKNOWN_FLAG"), err.toString());
    }

    @Test
    void anUnknownRefOrFolderExitsWith2() throws Exception {
        Fixtures.Serving.repo(dir).close();
        assertEquals(2, serve("--repo", dir.toString(), "--ref", "no-such-branch", "--port", "0"));
        assertTrue(err.toString().contains("no-such-branch"), err.toString());
        assertEquals(2, serve("--repo", dir.resolve("missing").toString(), "--port", "0"));
    }

    @Test
    void aBadPollIntervalOrEmptyTokenFileExitsWith2() throws Exception {
        Fixtures.Serving.repo(dir).close();
        assertEquals(2, serve("--repo", dir.toString(), "--poll", "5 parsecs"));
        Path token = Files.writeString(dir.resolve("token"), "  \n");
        assertEquals(2, serve("--repo", dir.toString(), "--port", "0", "--token-file", token.toString()));
    }

    @Test
    void theBenchmarkEndpointsOptionIsHiddenFromHelp() throws Exception {
        Fixtures.Serving.repo(dir).close();
        Cli help = Cli.run("serve", "--help");
        assertEquals(0, help.exitCode(), help.transcript());
        assertFalse(help.out().contains("bench"), help.transcript());

        Cli check = Cli.run("serve", "--repo", dir.toString(), "--port", "0", "--bench-endpoints", "--check");
        assertEquals(0, check.exitCode(), check.transcript());
    }
}
