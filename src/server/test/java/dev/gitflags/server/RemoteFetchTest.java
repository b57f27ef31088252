package dev.gitflags.server;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gitflags.testing.Cli;
import dev.gitflags.testing.Fixtures;
import dev.gitflags.testing.GitDaemon;
import dev.gitflags.testing.GitHttpServer;
import dev.gitflags.testing.GitSshServer;
import dev.gitflags.testing.LogCapture;
import dev.gitflags.testing.TestRepo;
import org.eclipse.jgit.lib.RepositoryCache;
import org.eclipse.jgit.util.FS;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static dev.gitflags.server.ReloadTest.awaitJson;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code serve --repo URL}: a bare copy cloned into the cache folder and fetched every poll, from a real
 * {@code git daemon}, a real smart-HTTP server ({@code git http-backend}) with basic auth and an SSH server running
 * git's own upload-pack with a deploy key, all on 127.0.0.1;
 * pushed commits are served, a remote that is down keeps the last good snapshot served and says so at /status,
 * and no credential shows in /status, the log or an error.
 */
class RemoteFetchTest {

    private static final Duration POLL = Duration.ofMillis(100);
    private static final String BANNER = "/api/v1/environments/production/flags/banner-text";
    private static final String USER = "deployer";
    private static final String SECRET = "s3cret-Token-4711";

    @TempDir
    Path dir;

    private TestRepo work;
    private Path remotes;
    private Path cache;

    /** A work tree whose commits are pushed, with the real git binary, to the bare remote {@code origin.git}. */
    @BeforeEach
    void remote() throws IOException {
        work = Fixtures.Serving.repo(dir.resolve("work"));
        remotes = Files.createDirectories(dir.resolve("remotes"));
        work.bareClone(remotes.resolve("origin.git")).close();
        work.git("remote", "add", "origin", remotes.resolve("origin.git").toString()).ok();
        cache = dir.resolve("cache");
    }

    private void push(String banner) {
        work.write("flags/app.yaml", Fixtures.Serving.FLAGS.replace("Welcome", banner)).commit("banner " + banner);
        work.git("push", "origin", "main").ok();
    }

    private static ServerOptions remote(String url, Path cache, String token) {
        return ServerOptions.of(cache, null, 0, POLL).withRemote(GitRemote.parse(url, cache, token), "main");
    }

    @Test
    void followsAGitDaemonAndKeepsServingWhileItIsDown() throws Exception {
        try (GitDaemon daemon = GitDaemon.start(remotes);
             FlagServer server = FlagServer.start(remote(daemon.url("origin.git"), cache, null))) {
            Http http = new Http(server);
            assertEquals("Welcome", http.get(BANNER).json().get("defaultValue").asText());
            assertEquals(daemon.url("origin.git") + " @ main", http.get("/status").json().get("source").asText());
            assertTrue(RepositoryCache.FileKey.isGitRepository(cache.toFile(), FS.DETECTED),
                    "the cache folder is the bare copy");

            push("Hello v2");
            awaitJson(http, BANNER, body -> body.get("defaultValue").asText().equals("Hello v2"));
            assertEquals(work.head(), http.get("/status").json().get("commit").asText());

            daemon.stop();
            JsonNode down = awaitJson(http, "/status", body -> body.get("degraded").asBoolean());
            assertTrue(down.get("reason").asText().contains("fetch from " + daemon.url("origin.git") + " failed"),
                    down.toString());
            assertEquals("Hello v2", http.get(BANNER).json().get("defaultValue").asText(), "the last good one");
            assertEquals(200, http.get("/health").status());

            push("Hello v3");
            daemon.start();
            awaitJson(http, BANNER, body -> body.get("defaultValue").asText().equals("Hello v3"));
            JsonNode back = awaitJson(http, "/status", body -> !body.get("degraded").asBoolean());
            assertEquals(work.head(), back.get("commit").asText());
            String metrics = MetricsTest.scrape(http);
            assertTrue(MetricsTest.value(metrics, "gitflags_fetches_total", Map.of("outcome", "failed")) >= 1);
            assertTrue(MetricsTest.value(metrics, "gitflags_fetches_total", Map.of("outcome", "ok")) >= 3);
            assertTrue(MetricsTest.value(metrics, "gitflags_reloads_total", Map.of("outcome", "unreadable")) >= 1);
        }
    }

    @Test
    void aFetchThatLeavesTheCopyNeedingGitsGcPacksItBeforeThePollGoesOnAndLeavesNoGcRunningBeside() throws Exception {
        try (GitDaemon daemon = GitDaemon.start(remotes);
             RemoteRepo copy = RemoteRepo.open(GitRemote.parse(daemon.url("origin.git"), cache, null), "main",
                     RemoteRepo.FetchObserver.NONE)) {
            copy.currentVersion(); // the one right after the clone, which needs no fetch
            // git's auto-gc pack limit at one: past two packs the copy needs a gc, so the second fetch packs it;
            // the packs it replaces go at once rather than an hour later.
            work.git("config", "-f", cache.resolve("config").toString(), "gc.autoPackLimit", "1").ok();
            work.git("config", "-f", cache.resolve("config").toString(), "gc.prunePackExpire", "now").ok();
            push("Hello v2");
            assertEquals(work.head(), copy.currentVersion());
            assertEquals(List.of("pack", "pack"), packs(cache), "the clone's pack and the fetch's");
            push("Hello v3");
            assertEquals(work.head(), copy.currentVersion());
            // Left to JGit's default, the gc runs on a thread of its own after the fetch returned, holding
            // gc.log.lock in the cache while the server goes on, and closes it, or a test deletes it.
            assertFalse(Files.exists(cache.resolve("gc.log.lock")), "no gc runs beside the poll");
            assertEquals(List.of("pack"), packs(cache), "packed by the fetch");
        }
    }

    /** The kinds of file of the copy's packs: one "pack" when it is packed into one. */
    private static List<String> packs(Path cache) throws IOException {
        try (Stream<Path> files = Files.list(cache.resolve("objects/pack"))) {
            return files.map(file -> file.getFileName().toString()).filter(name -> name.endsWith(".pack"))
                    .map(name -> "pack").toList();
        }
    }

    @Test
    void aRestartWhileTheRemoteIsDownServesTheCopyAndACopyOfAnotherRemoteIsRefused() throws Exception {
        String url;
        try (GitDaemon daemon = GitDaemon.start(remotes)) {
            url = daemon.url("origin.git");
            FlagServer.start(remote(url, cache, null)).close();
        }
        push("Hello v2");
        try (FlagServer server = FlagServer.start(remote(url, cache, null))) {
            Http http = new Http(server);
            assertEquals("Welcome", http.get(BANNER).json().get("defaultValue").asText(), "what was fetched before");
            JsonNode status = awaitJson(http, "/status", body -> body.get("degraded").asBoolean());
            assertTrue(status.get("reason").asText().contains("fetch from " + url + " failed"), status.toString());
        }
        IOException other = assertThrows(IOException.class,
                () -> FlagServer.start(remote("git://127.0.0.1:1/other.git", cache, null)));
        assertTrue(other.getMessage().contains("holds a copy of " + url + ", not of git://127.0.0.1:1/other.git"),
                other.getMessage());
    }

    @Test
    void fetchesOverSmartHttpWithATokenThatNeverShows() throws Exception {
        try (GitHttpServer git = GitHttpServer.start(remotes, USER, SECRET);
             LogCapture log = LogCapture.start()) {
            String url = git.url("origin.git").replace("http://", "http://" + USER + "@");
            try (FlagServer server = FlagServer.start(remote(url, cache, SECRET))) {
                Http http = new Http(server);
                assertEquals("Welcome", http.get(BANNER).json().get("defaultValue").asText());
                String status = http.get("/status").body();
                assertTrue(status.contains("\"source\":\"" + git.url("origin.git").replace("http://", "http://***@")
                        + " @ main\""), status);

                push("Hello v2");
                awaitJson(http, BANNER, body -> body.get("defaultValue").asText().equals("Hello v2"));
                assertFalse(http.get("/status").body().contains(USER));
            }
            assertFalse(git.requests().isEmpty(), "fetched over HTTP");
            assertFalse(Files.exists(cache.resolve("credentials")));
            assertNoSecret(String.join("\n", log.lines()));
            assertNoSecret(Files.readString(cache.resolve("config"), StandardCharsets.UTF_8));
        }
    }

    @Test
    void aPasswordInTheUrlIsUsedAndRedactedAndAWrongOneFailsWithoutShowingIt() throws Exception {
        try (GitHttpServer git = GitHttpServer.start(remotes, USER, SECRET);
             LogCapture log = LogCapture.start()) {
            String withPassword = git.url("origin.git").replace("http://", "http://" + USER + ":" + SECRET + "@");
            try (FlagServer server = FlagServer.start(remote(withPassword, cache, null))) {
                assertTrue(server.description().startsWith("http://***@127.0.0.1:"), server.description());
                assertNoSecret(new Http(server).get("/status").body());
            }
            IOException refused = assertThrows(IOException.class, () -> FlagServer.start(
                    remote(withPassword.replace(SECRET, "wrong-password-99"), dir.resolve("other-cache"), null)));
            assertTrue(refused.getMessage().startsWith("cannot clone http://***@127.0.0.1:"), refused.getMessage());
            assertTrue(refused.getMessage().contains("not authorized"), refused.getMessage());
            assertFalse(refused.getMessage().contains("wrong-password-99"), refused.getMessage());
            assertNoSecret(String.join("\n", log.lines()));
        }
    }

    @Test
    void fetchesOverSshWithADeployKeyAndRefusesAHostKeyItDoesNotKnow() throws Exception {
        try (GitSshServer ssh = GitSshServer.start(dir.resolve("ssh"))) {
            String url = ssh.url(remotes.resolve("origin.git"));
            GitRemote remote = GitRemote.parse(url, cache, null)
                    .withSsh(new SshAccess(ssh.clientKey(), ssh.knownHosts()));
            try (FlagServer server = FlagServer.start(ServerOptions.of(cache, null, 0, POLL).withRemote(remote, "main"))) {
                Http http = new Http(server);
                assertEquals("Welcome", http.get(BANNER).json().get("defaultValue").asText());
                assertTrue(server.description().startsWith("ssh://***@127.0.0.1:"), server.description());
                push("Hello v2");
                awaitJson(http, BANNER, body -> body.get("defaultValue").asText().equals("Hello v2"));
            }
            Path elsewhere = Files.createDirectories(dir.resolve("elsewhere"));
            GitRemote changedHostKey = GitRemote.parse(url, dir.resolve("other-cache"), null)
                    .withSsh(new SshAccess(ssh.clientKey(), ssh.wrongKnownHosts(elsewhere)));
            IOException refused = assertThrows(IOException.class,
                    () -> FlagServer.start(ServerOptions.of(cache, null, 0, POLL).withRemote(changedHostKey, "main")));
            assertTrue(refused.getMessage().startsWith("cannot clone ssh://***@127.0.0.1:"), refused.getMessage());
            assertFalse(Files.exists(dir.resolve("other-cache").resolve("HEAD")), "nothing fetched");
        }
    }

    @Test
    void theCommandLineTakesAUrlWithACacheFolderAndATokenFile() throws Exception {
        try (GitHttpServer git = GitHttpServer.start(remotes, GitCredentials.TOKEN_USER, SECRET)) {
            Path tokenFile = Files.writeString(dir.resolve("token"), SECRET + "\n");
            Cli served = Cli.run("serve", "--repo", git.url("origin.git"), "--cache-dir", cache.toString(),
                    "--git-token-file", tokenFile.toString(), "--ref", "main", "--port", "0", "--host", "127.0.0.1",
                    "--check");
            assertEquals(0, served.exitCode(), served.transcript());
            assertTrue(served.out().contains("serving " + git.url("origin.git") + " @ main on"), served.transcript());
            assertNoSecret(served.transcript());

            Cli noCache = Cli.run("serve", "--repo", git.url("origin.git"), "--check");
            assertEquals(2, noCache.exitCode(), noCache.transcript());
            assertTrue(noCache.err().contains("--repo URL needs --cache-dir DIR"), noCache.transcript());
            Cli folder = Cli.run("serve", "--repo", work.dir().toString(), "--cache-dir", cache.toString(), "--check");
            assertEquals(2, folder.exitCode(), folder.transcript());
            assertTrue(folder.err().contains("go with --repo URL, not a folder"), folder.transcript());
            Cli ftp = Cli.run("serve", "--repo", "ftp://u:" + SECRET + "@example.com/x", "--cache-dir",
                    cache.toString(), "--check");
            assertEquals(2, ftp.exitCode(), ftp.transcript());
            assertTrue(ftp.err().contains("'ftp://***@example.com/x' is not a URL gitflags fetches from"),
                    ftp.transcript());
            assertNoSecret(ftp.transcript());
            Cli sshWithoutKey = Cli.run("serve", "--repo", "ssh://git@127.0.0.1:1/flags.git", "--cache-dir",
                    cache.toString(), "--check");
            assertEquals(2, sshWithoutKey.exitCode(), sshWithoutKey.transcript());
            assertTrue(sshWithoutKey.err().contains("needs --ssh-key-file FILE and --known-hosts-file FILE"),
                    sshWithoutKey.transcript());
        }
    }

    private static void assertNoSecret(String text) {
        assertFalse(text.contains(SECRET), () -> "the secret shows in:\n" + text);
    }
}
