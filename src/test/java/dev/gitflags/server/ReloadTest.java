package dev.gitflags.server;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gitflags.testing.Fixtures;
import dev.gitflags.testing.TestRepo;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.function.Predicate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/** Hot reload on real git repositories: new commits are served, broken ones are not, the last good one stays. */
class ReloadTest {

    private static final Duration POLL = Duration.ofMillis(100);
    private static final String BANNER = "/api/v1/environments/production/flags/banner-text";

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
