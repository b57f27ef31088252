package dev.gitflags.cli;

import dev.gitflags.server.OfrepController;
import dev.gitflags.testing.Cli;
import dev.gitflags.testing.Fixtures;
import dev.gitflags.testing.GitflagsProcess;
import dev.gitflags.testing.TestRepo;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code gitflags serve} refuses to start on bad input, with located errors and the documented exit codes, and
 * passes its token and CORS options to the server. (That
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

    @Test
    void scopedTokenFilesAndCorsOriginsFromTheCommandLine() throws Exception {
        Fixtures.Serving.repo(dir).close();
        Path evaluate = Files.writeString(dir.resolve("evaluate-token"), "only-evaluate\n");
        int port;
        try (ServerSocket free = new ServerSocket(0)) {
            port = free.getLocalPort();
        }
        GitflagsProcess server = GitflagsProcess.start("serve", "--repo", dir.toString(), "--ref", "main",
                "--host", "127.0.0.1", "--port", String.valueOf(port), "--evaluate-token-file", evaluate.toString(),
                "--cors-origin", "http://app.example.test");
        try {
            server.awaitErrLine("serving", Duration.ofSeconds(60));
            HttpClient http = HttpClient.newHttpClient();
            String base = "http://127.0.0.1:" + port;
            HttpResponse<String> ofrep = await(http, HttpRequest.newBuilder(URI.create(base
                    + "/ofrep/v1/evaluate/flags/banner-text")).header("Authorization", "Bearer only-evaluate")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"context\":{}}")).build());
            assertEquals(200, ofrep.statusCode(), ofrep.body());
            assertEquals(403, http.send(HttpRequest.newBuilder(URI.create(base + "/api/v1/environments"))
                    .header("Authorization", "Bearer only-evaluate").build(),
                    HttpResponse.BodyHandlers.ofString()).statusCode());
            HttpResponse<String> preflight = http.send(HttpRequest.newBuilder(URI.create(base
                            + "/ofrep/v1/evaluate/flags")).method("OPTIONS", HttpRequest.BodyPublishers.noBody())
                    .header("Origin", "http://app.example.test").header("Access-Control-Request-Method", "POST")
                    .build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, preflight.statusCode());
            assertEquals("http://app.example.test",
                    preflight.headers().firstValue("Access-Control-Allow-Origin").orElse(null));
        } finally {
            server.kill();
        }
    }

    /** Sends {@code request} until the server answers (its port opens a moment after the first load is logged). */
    private static HttpResponse<String> await(HttpClient http, HttpRequest request) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (true) {
            try {
                return http.send(request, HttpResponse.BodyHandlers.ofString());
            } catch (IOException notYet) {
                if (System.nanoTime() > deadline) {
                    throw notYet;
                }
                Thread.sleep(100);
            }
        }
    }
}
