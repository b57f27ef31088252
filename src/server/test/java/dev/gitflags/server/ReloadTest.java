package dev.gitflags.server;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gitflags.internal.load.ConfigSource;
import dev.gitflags.internal.load.ConfigSources;
import dev.gitflags.internal.load.FlagScope;
import dev.gitflags.internal.load.LoadLimits;
import dev.gitflags.internal.load.Loader;
import dev.gitflags.testing.Fixtures;
import dev.gitflags.testing.TestRepo;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Hot reload on real git repositories: new commits are served; broken ones, loads that fail in any way or run past
 * the load timeout, and an unreadable ref are not, and the last good commit stays served, reported as degraded;
 * a start-up on an invalid tip serves the newest valid commit before it.
 */
class ReloadTest {

    private static final Duration POLL = Duration.ofMillis(100);
    private static final String BANNER = "/api/v1/environments/production/flags/banner-text";
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

    @Test
    void followsTheRefKeepsTheLastGoodSnapshotOnABrokenCommitAndRecoversWhenFixed() throws Exception {
        try (TestRepo repo = Fixtures.Serving.repo(dir);
             FlagServer server = FlagServer.start(ServerOptions.of(dir, "main", 0, POLL))) {
            Http http = new Http(server);
            assertEquals("Welcome", http.get(BANNER).json().get("defaultValue").asText());

            String second = repo.write("flags/app.yaml", Fixtures.Serving.FLAGS.replace("Welcome", "Hello v2"))
                    .commit("new banner").name();
            awaitJson(http, BANNER, body -> body.get("defaultValue").asText().equals("Hello v2"));
            assertEquals(second, http.get("/status").json().get("commit").asText());
            String goodETag = http.get(BANNER).header("ETag");

            String broken = repo.write("environments/staging.yaml", """
                    name: Staging
                    parent: production
                    overrides:
                      bannner-text:
                        default_value: typo
                    """).commit("broken override").name();
            JsonNode status = awaitJson(http, "/status", body -> body.path("newestSeen").asText().equals(broken));
            assertEquals(second, status.get("commit").asText(), "the last good commit is still served");
            JsonNode rejected = status.get("rejected");
            assertEquals(broken, rejected.get("version").asText());
            JsonNode error = rejected.get("errors").get(0);
            assertEquals("environments/staging.yaml", error.get("file").asText());
            assertEquals(4, error.get("line").asInt());
            assertTrue(error.get("text").asText().startsWith("environments/staging.yaml:4:"), error.toString());
            assertEquals(200, http.get("/health").status());
            assertEquals("UP", http.get("/health").json().get("status").asText());
            assertEquals("Hello v2", http.get(BANNER).json().get("defaultValue").asText());
            assertEquals(304, http.get(BANNER, "If-None-Match", goodETag).status());

            String fixed = repo.write("environments/staging.yaml", Fixtures.Serving.STAGING.replace(
                    "Welcome to staging", "Fixed staging")).commit("fix the override").name();
            awaitJson(http, "/api/v1/environments/staging/flags/banner-text",
                    body -> body.get("defaultValue").asText().equals("Fixed staging"));
            JsonNode recovered = http.get("/status").json();
            assertEquals(fixed, recovered.get("commit").asText());
            assertNull(recovered.get("rejected"));
        }
    }

    @Test
    void aCommitThatLeavesTheConfigFilesAloneKeepsTheETags() throws Exception {
        try (TestRepo repo = Fixtures.Serving.repo(dir);
             FlagServer server = FlagServer.start(ServerOptions.of(dir, "main", 0, POLL))) {
            Http http = new Http(server);
            String etag = http.get(BANNER).header("ETag");

            String docs = repo.write("README.md", "# how to change a flag\n")
                    .write("flags/NOTES.txt", "not a config file\n").commit("docs only").name();
            awaitJson(http, "/status", body -> body.path("commit").asText().equals(docs));
            assertEquals(etag, http.get(BANNER).header("ETag"));
            assertEquals(304, http.get(BANNER, "If-None-Match", etag).status());

            String banner = repo.write("flags/app.yaml", Fixtures.Serving.FLAGS.replace("Welcome", "Hi"))
                    .commit("new banner").name();
            awaitJson(http, "/status", body -> body.path("commit").asText().equals(banner));
            Http.Reply changed = http.get(BANNER, "If-None-Match", etag);
            assertEquals(200, changed.status());
            assertEquals("Hi", changed.json().get("defaultValue").asText());
            assertNotEquals(etag, changed.header("ETag"));
        }
    }

    @Test
    void uncommittedChangesAreNotServedFromARef() throws Exception {
        try (TestRepo repo = Fixtures.Serving.repo(dir);
             FlagServer server = FlagServer.start(ServerOptions.of(dir, "HEAD", 0, POLL))) {
            Http http = new Http(server);
            repo.write("flags/app.yaml", Fixtures.Serving.FLAGS.replace("Welcome", "Dirty"));
            repo.write("environments/dev.yaml", Fixtures.Serving.DEV.replace("1000", "2000"))
                    .commitOnly("environments/dev.yaml", "dev only");
            awaitJson(http, "/api/v1/environments/dev/flags/max-items",
                    body -> body.get("defaultValue").asInt() == 2000);
            assertEquals("Welcome", http.get(BANNER).json().get("defaultValue").asText(), "the dirty file is not served");
        }
    }

    @Test
    void servesTheWorkingTreeAndReloadsWhenAFileChanges() throws Exception {
        try (TestRepo repo = Fixtures.Serving.repo(dir);
             FlagServer server = FlagServer.start(ServerOptions.of(dir, null, 0, POLL))) {
            Http http = new Http(server);
            assertEquals("Welcome", http.get(BANNER).json().get("defaultValue").asText());
            repo.write("flags/app.yaml", Fixtures.Serving.FLAGS.replace("Welcome", "Edited on disk"));
            awaitJson(http, BANNER, body -> body.get("defaultValue").asText().equals("Edited on disk"));
            assertNull(http.get("/status").json().get("commit"), "a working tree has no commit");

            repo.write("gitflags.yaml", "default_environment: [");
            JsonNode status = awaitJson(http, "/status", body -> body.has("rejected"));
            assertEquals("gitflags.yaml", status.get("rejected").get("errors").get(0).get("file").asText());
            assertEquals("Edited on disk", http.get(BANNER).json().get("defaultValue").asText());
        }
    }

    @Test
    void servesABareRepository(@TempDir Path bare) throws Exception {
        try (TestRepo repo = Fixtures.Serving.repo(dir);
             TestRepo clone = repo.bareClone(bare);
             FlagServer server = FlagServer.start(ServerOptions.of(bare, "main", 0, POLL))) {
            Http http = new Http(server);
            assertEquals(repo.head(), http.get("/status").json().get("commit").asText());
            assertEquals("Welcome to staging",
                    http.get("/api/v1/environments/staging/flags/banner-text").json().get("defaultValue").asText());
        }
    }

    @Test
    void aLoadThatThrowsAnErrorIsRejectedWithItsReasonAndTheNextValidCommitIsServed() throws Exception {
        Loader loader = Loader.incremental(LoadLimits.DEFAULT);
        // What a 10,000-deep parent chain or a pathological pattern did to a load, without minutes of real work.
        Reloader.LoadStep step = (source, deadline) -> {
            if (contains(source, "stack-overflow.txt")) {
                throw new StackOverflowError();
            }
            if (contains(source, "out-of-memory.txt")) {
                throw new OutOfMemoryError("Java heap space");
            }
            return loader.load(source, FlagScope.ALL, deadline);
        };
        try (TestRepo repo = Fixtures.Serving.repo(dir);
             FlagServer server = FlagServer.start(ServerOptions.of(dir, "main", 0, POLL), step)) {
            Http http = new Http(server);
            String good = repo.head();
            assertFalse(http.get("/status").json().get("degraded").asBoolean());

            String overflow = repo.write("stack-overflow.txt", "x").commit("a load that overflows").name();
            JsonNode status = awaitJson(http, "/status", body -> body.path("newestSeen").asText().equals(overflow));
            assertEquals(good, status.get("commit").asText(), "the last good commit is still served");
            assertTrue(status.get("degraded").asBoolean());
            assertEquals("load failed: java.lang.StackOverflowError", status.get("reason").asText());
            assertEquals(overflow, status.get("rejected").get("version").asText());
            assertEquals(200, http.get("/health").status());

            String oom = repo.delete("stack-overflow.txt").write("out-of-memory.txt", "x")
                    .commit("a load that runs out of memory").name();
            status = awaitJson(http, "/status", body -> body.path("newestSeen").asText().equals(oom));
            assertEquals("load failed: java.lang.OutOfMemoryError: Java heap space", status.get("reason").asText());
            assertEquals(good, status.get("commit").asText());

            String fixed = repo.delete("out-of-memory.txt")
                    .write("flags/app.yaml", Fixtures.Serving.FLAGS.replace("Welcome", "Fixed")).commit("fix").name();
            awaitJson(http, BANNER, body -> body.get("defaultValue").asText().equals("Fixed"));
            status = http.get("/status").json();
            assertEquals(fixed, status.get("commit").asText());
            assertFalse(status.get("degraded").asBoolean());
            assertNull(status.get("reason"));
        }
    }

    @Test
    void aLoadPastTheTimeoutIsAbandonedAndReportedAndNoOtherLoadStartsUntilItEnds() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        AtomicInteger running = new AtomicInteger();
        AtomicInteger mostAtOnce = new AtomicInteger();
        Loader loader = Loader.incremental(LoadLimits.DEFAULT);
        // A step that cannot check its deadline (one huge file, say): it runs on until released.
        Reloader.LoadStep step = (source, deadline) -> {
            mostAtOnce.accumulateAndGet(running.incrementAndGet(), Math::max);
            try {
                if (contains(source, "slow.txt")) {
                    release.await();
                }
                return loader.load(source, FlagScope.ALL, deadline);
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            } finally {
                running.decrementAndGet();
            }
        };
        ServerOptions options = ServerOptions.of(dir, "main", 0, POLL).withLoadTimeout(Duration.ofSeconds(3));
        try (TestRepo repo = Fixtures.Serving.repo(dir);
             FlagServer server = FlagServer.start(warmedUp(loader, options), step)) {
            Http http = new Http(server);
            String good = repo.head();
            String slow = repo.write("slow.txt", "x").commit("a commit whose load never ends").name();
            JsonNode status = awaitJson(http, "/status", body -> body.path("newestSeen").asText().equals(slow));
            assertTrue(status.get("degraded").asBoolean());
            assertEquals("load exceeded 3s", status.get("reason").asText());
            assertEquals(good, status.get("commit").asText());

            repo.delete("slow.txt").write("flags/app.yaml", Fixtures.Serving.FLAGS.replace("Welcome", "Next"))
                    .commit("a valid commit while the abandoned load still runs");
            Thread.sleep(POLL.toMillis() * 5);
            assertEquals(slow, http.get("/status").json().get("newestSeen").asText(), "not loaded beside it");
            assertEquals("Welcome", http.get(BANNER).json().get("defaultValue").asText());

            release.countDown();
            awaitJson(http, BANNER, body -> body.get("defaultValue").asText().equals("Next"));
            assertFalse(http.get("/status").json().get("degraded").asBoolean());
            assertEquals(1, mostAtOnce.get(), "at most one load ran at a time");
        } finally {
            release.countDown();
        }
    }

    @Test
    void aRefThatCannotBeReadIsDegradedUntilItCanBeReadAgain() throws Exception {
        try (TestRepo repo = Fixtures.Serving.repo(dir)) {
            repo.git("branch", "live").ok();
            try (FlagServer server = FlagServer.start(ServerOptions.of(dir, "live", 0, POLL))) {
                Http http = new Http(server);
                repo.git("branch", "-D", "live").ok();
                JsonNode status = awaitJson(http, "/status", body -> body.get("degraded").asBoolean());
                assertTrue(status.get("reason").asText().contains("'live' does not name a commit"), status.toString());
                assertEquals(repo.head(), status.get("commit").asText(), "the last good commit is still served");
                assertEquals(200, http.get("/health").status());

                repo.git("branch", "live").ok();
                status = awaitJson(http, "/status", body -> !body.get("degraded").asBoolean());
                assertEquals(repo.head(), status.get("commit").asText());
            }
        }
    }

    @Test
    void aReplicaStartsWhileTheTipIsInvalidServingTheNewestValidCommitAndFollowsTheRef() throws Exception {
        try (TestRepo repo = Fixtures.Serving.repo(dir)) {
            String valid = repo.head();
            repo.write("environments/staging.yaml", BROKEN_STAGING).commit("broken override");
            String tip = repo.write("README.md", "# flags\n").commit("docs on top of it").name();
            try (FlagServer server = FlagServer.start(ServerOptions.of(dir, "main", 0, POLL))) {
                Http http = new Http(server);
                assertEquals("UP", http.get("/health").json().get("status").asText());
                JsonNode status = http.get("/status").json();
                assertEquals(valid, status.get("commit").asText(), "the newest valid commit, two back");
                assertEquals(tip, status.get("newestSeen").asText());
                assertTrue(status.get("degraded").asBoolean());
                assertEquals("invalid: 1 problem", status.get("reason").asText());
                JsonNode error = status.get("rejected").get("errors").get(0);
                assertEquals("environments/staging.yaml", error.get("file").asText());
                assertEquals(4, error.get("line").asInt());

                String fixed = repo.write("environments/staging.yaml", Fixtures.Serving.STAGING.replace(
                        "Welcome to staging", "Fixed staging")).commit("fix the override").name();
                awaitJson(http, "/api/v1/environments/staging/flags/banner-text",
                        body -> body.get("defaultValue").asText().equals("Fixed staging"));
                status = http.get("/status").json();
                assertEquals(fixed, status.get("commit").asText());
                assertFalse(status.get("degraded").asBoolean());
            }
        }
    }

    @Test
    void theHistoryIsSearchedOnlyToItsDepthAndAWorkingTreeHasNone() throws Exception {
        try (TestRepo repo = Fixtures.Serving.repo(dir)) {
            String valid = repo.head();
            repo.write("environments/staging.yaml", BROKEN_STAGING).commit("broken override");
            repo.write("README.md", "# flags\n").commit("docs on top of it");

            FirstLoadRejectedException tooShallow = assertThrows(FirstLoadRejectedException.class,
                    () -> FlagServer.start(ServerOptions.of(dir, "main", 0, POLL).withHistoryDepth(1)));
            assertEquals("E_UNKNOWN_FLAG", tooShallow.problems().get(0).code().name());
            assertTrue(tooShallow.getMessage().contains("nor can any commit up to 1 before it"),
                    tooShallow.getMessage());

            try (FlagServer server = FlagServer.start(ServerOptions.of(dir, "main", 0, POLL).withHistoryDepth(2))) {
                assertEquals(valid, server.holder().current().version());
            }
            FirstLoadRejectedException workTree = assertThrows(FirstLoadRejectedException.class,
                    () -> FlagServer.start(ServerOptions.of(dir, null, 0, POLL)));
            assertEquals("environments/staging.yaml", workTree.problems().get(0).origin().file());
        }
    }

    @Test
    void theStartUpSearchOfEarlierCommitsStopsWhenItsTotalBudgetIsSpent() throws Exception {
        Loader loader = Loader.incremental(LoadLimits.DEFAULT);
        AtomicInteger loads = new AtomicInteger();
        // Every commit with slow.txt loads until its deadline stops it, as a huge matrix would.
        Reloader.LoadStep step = (source, deadline) -> {
            loads.incrementAndGet();
            while (contains(source, "slow.txt")) {
                deadline.check();
                try {
                    Thread.sleep(10);
                } catch (InterruptedException e) {
                    throw new IllegalStateException(e);
                }
            }
            return loader.load(source, FlagScope.ALL, deadline);
        };
        try (TestRepo repo = Fixtures.Serving.repo(dir)) {
            for (int i = 0; i < 10; i++) {
                repo.write("slow.txt", "slow " + i).commit("slow to load " + i);
            }
            ServerOptions options = ServerOptions.of(dir, "main", 0, POLL).withLoadTimeout(Duration.ofSeconds(2))
                    .withHistoryBudget(Duration.ofSeconds(1));

            FirstLoadRejectedException refused = assertThrows(FirstLoadRejectedException.class,
                    () -> FlagServer.start(options, step));

            // the tip, then earlier commits until the 1 s budget is spent: the first of them spends it all
            assertEquals(2, loads.get(), "versions loaded");
            assertTrue(refused.getMessage().contains("that loads within 1s in all (--history-budget)"),
                    refused.getMessage());
            // with the default budget of 2 minutes, the valid commit 10 back is found and served
            loads.set(0);
            try (FlagServer server = FlagServer.start(options.withHistoryBudget(
                    ServerOptions.DEFAULT_HISTORY_BUDGET), step)) {
                assertEquals(11, loads.get(), "versions loaded");
                assertTrue(server.holder().current().isDegraded());
            }
        }
    }

    /** {@code options}, once {@code loader} has loaded its repo: a cold first load must not be what times out. */
    private static ServerOptions warmedUp(Loader loader, ServerOptions options) throws Exception {
        try (ConfigSource source = ConfigSources.open(options.repo(), options.ref())) {
            assertTrue(loader.load(source).isValid());
        }
        return options;
    }

    private static boolean contains(ConfigSource source, String file) {
        try {
            return source.files().contains(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Polls {@code path} until its JSON body satisfies {@code done}; fails after 10 s (100 polls of 100 ms). */
    static JsonNode awaitJson(Http http, String path, Predicate<JsonNode> done) throws InterruptedException {
        JsonNode last = null;
        for (int attempt = 0; attempt < 100; attempt++) {
            Http.Reply reply = http.get(path);
            if (reply.status() == 200) {
                last = reply.json();
                if (done.test(last)) {
                    return last;
                }
            }
            Thread.sleep(100);
        }
        return fail("still not there after 10 s: " + path + " -> " + last);
    }
}
