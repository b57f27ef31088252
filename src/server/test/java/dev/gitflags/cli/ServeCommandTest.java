package dev.gitflags.cli;

import dev.gitflags.server.OfrepController;
import dev.gitflags.testing.Cli;
import dev.gitflags.testing.Fixtures;
import dev.gitflags.testing.TestRepo;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code gitflags serve} refuses to start on bad input, with located errors and the documented exit codes. (That
 * it starts on an invalid tip when a valid commit is near is in {@code server/ReloadTest}.)
 */
class ServeCommandTest {

    /** staging.yaml with an override of a flag that does not exist, at line 4. */
    private static final String BROKEN_STAGING = """
            name: Staging
            parent: production
            overrides:
              bannner-text:
                default_value: typo
            """;

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
    void anInvalidTipWithoutAValidCommitWithinTheHistoryDepthExitsWith1AndPrintsLocatedErrors() throws Exception {
        try (TestRepo repo = Fixtures.Serving.repo(dir)) {
            repo.write("environments/staging.yaml", BROKEN_STAGING).commit("broken");
        }
        // The commit before the tip is valid, but --history-depth 0 does not look back.
        assertEquals(1, serve("--repo", dir.toString(), "--ref", "main", "--port", "0", "--history-depth", "0"));
        assertTrue(err.toString().contains("environments/staging.yaml:4:"), err.toString());
        assertTrue(err.toString().contains("E_UNKNOWN_FLAG"), err.toString());
        assertTrue(err.toString().contains("--history-depth 0 tries no earlier commit"), err.toString());
    }

    @Test
    void anInvalidWorkingTreeExitsWith1() throws Exception {
        try (TestRepo repo = Fixtures.Serving.repo(dir)) {
            repo.write("environments/staging.yaml", BROKEN_STAGING);
        }
        assertEquals(1, serve("--repo", dir.toString(), "--port", "0"));
        assertTrue(err.toString().contains("environments/staging.yaml:4:"), err.toString());
    }

    @Test
    void anUnknownRefOrFolderExitsWith2() throws Exception {
        Fixtures.Serving.repo(dir).close();
        assertEquals(2, serve("--repo", dir.toString(), "--ref", "no-such-branch", "--port", "0"));
        assertTrue(err.toString().contains("no-such-branch"), err.toString());
        assertEquals(2, serve("--repo", dir.resolve("missing").toString(), "--port", "0"));
    }

    @Test
    void aBadPollIntervalLoadTimeoutHistoryDepthOrEmptyTokenFileExitsWith2() throws Exception {
        Fixtures.Serving.repo(dir).close();
        assertEquals(2, serve("--repo", dir.toString(), "--poll", "5 parsecs"));
        assertEquals(2, serve("--repo", dir.toString(), "--load-timeout", "0s"));
        assertEquals(2, serve("--repo", dir.toString(), "--port", "0", "--history-depth", "-1"));
        Path token = Files.writeString(dir.resolve("token"), "  \n");
        assertEquals(2, serve("--repo", dir.toString(), "--port", "0", "--token-file", token.toString()));
    }

    @Test
    void aProbePortOutOfRangeOrATooShortBulkBudgetExitsWith2() throws Exception {
        Fixtures.Serving.repo(dir).close();
        assertEquals(2, serve("--repo", dir.toString(), "--port", "0", "--probe-port", "70000"));
        assertEquals(2, serve("--repo", dir.toString(), "--port", "0", "--bulk-budget", "0s"));
    }

    @Test
    void checkAsksHealthOnTheProbePortWhenOneIsSet() throws Exception {
        Fixtures.Serving.repo(dir).close();
        Cli check = Cli.run("serve", "--repo", dir.toString(), "--port", "0", "--probe-port", "0", "--check");
        assertEquals(0, check.exitCode(), check.transcript());
        Matcher probes = Pattern.compile("probes on http://[^:]+:(\\d+)/health").matcher(check.out());
        assertTrue(probes.find(), check.transcript());
        Matcher main = Pattern.compile("serving .* on http://[^:]+:(\\d+) ").matcher(check.out());
        assertTrue(main.find(), check.transcript());
        assertNotEquals(main.group(1), probes.group(1), "the probe port is a listener of its own");
        assertTrue(check.out().contains("GET :" + probes.group(1) + "/health -> 200"), check.transcript());
    }

    @Test
    void theBulkBudgetOptionReachesTheServerAsItsProperty() throws Exception {
        ServeCommand command = new ServeCommand();
        new CommandLine(command).parseArgs("--repo", dir.toString(), "--bulk-budget", "250ms");
        assertEquals("250ms", command.serverOptions().properties().get(OfrepController.BULK_BUDGET));
        ServeCommand without = new ServeCommand();
        new CommandLine(without).parseArgs("--repo", dir.toString());
        assertFalse(without.serverOptions().properties().containsKey(OfrepController.BULK_BUDGET),
                "without the option the property (or GITFLAGS_OFREP_BULK_BUDGET) decides");
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
