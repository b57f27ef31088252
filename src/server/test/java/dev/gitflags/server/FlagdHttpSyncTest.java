package dev.gitflags.server;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gitflags.testing.TestRepo;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** flagd's HTTP sync source: an environment's flagd JSON from the real server, with an ETag, 304 and token auth. */
class FlagdHttpSyncTest {

    private static final String PATH = "/api/v1/environments/production/flagd.json";

    @TempDir
    Path dir;

    private TestRepo repo;
    private FlagServer server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
        repo.close();
    }

    private Http start(ApiToken token) throws Exception {
        repo = TestRepo.init(dir).copyFrom(Path.of("example-repo"));
        repo.write("gitflags.yaml", Files.readString(Path.of("example-repo/gitflags.yaml")) + "\nbucketing: flagd\n");
        repo.commit("example");
        ServerOptions options = ServerOptions.of(dir, "main", 0, Duration.ofMillis(100));
        server = FlagServer.start(token == null ? options : options.withToken(token));
        return new Http(server);
    }

    @Test
    void servesTheExportWithAnETagAndFollowsACommit() throws Exception {
        Http http = start(null);
        Http.Reply first = http.get(PATH);
        assertEquals(200, first.status(), first.body());
        JsonNode flags = first.json().get("flags");
        assertEquals("production", first.json().get("metadata").get("flagSetId").asText());
        assertEquals("ENABLED", flags.get("new-checkout").get("state").asText());
        String etag = first.header("ETag");
        assertNotNull(etag);
        Http.Reply again = http.get(PATH, "If-None-Match", etag);
        assertEquals(304, again.status());
        assertEquals("", again.body());

        repo.write("environments/production.yaml", Files.readString(dir.resolve("environments/production.yaml"))
                .replace("rollout_percentage: 10", "rollout_percentage: 11"));
        repo.commit("new-checkout to 11%");
        Http.Reply changed = first;
        for (long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
             System.nanoTime() < deadline && etag.equals(changed.header("ETag")); Thread.sleep(50)) {
            changed = http.get(PATH, "If-None-Match", etag).status() == 304 ? first : http.get(PATH);
        }
        assertNotEquals(etag, changed.header("ETag"), "the commit never reached the flagd JSON");
        assertTrue(changed.body().contains("[\"out\",89]"), changed.body());
    }

    @Test
    void anUnservedEnvironmentIs404() throws Exception {
        Http http = start(null);
        assertEquals(404, http.get("/api/v1/environments/qa-legacy/flagd.json").status());
        assertEquals(404, http.get("/api/v1/environments/nope/flagd.json").status());
    }

    @Test
    void withATokenItNeedsTheToken() throws Exception {
        Http http = start(ApiToken.of("s3cret-token"));
        assertEquals(401, http.get(PATH).status());
        assertEquals(200, http.get(PATH, "Authorization", "Bearer s3cret-token").status());
    }
}
