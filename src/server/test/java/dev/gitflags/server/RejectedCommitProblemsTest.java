package dev.gitflags.server;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gitflags.testing.Fixtures;
import dev.gitflags.testing.TestRepo;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/**
 * What {@code /status} shows of a commit the loader rejects for what the tree holds rather than for its YAML, and of
 * the warnings of a commit it serves.
 */
class RejectedCommitProblemsTest {

    private static final Duration POLL = Duration.ofMillis(100);

    @TempDir
    Path dir;

    @Test
    void aCommitWithoutGitflagsYamlIsRejectedAtTheFilesStart() throws Exception {
        try (TestRepo repo = Fixtures.Serving.repo(dir);
             FlagServer server = FlagServer.start(ServerOptions.of(dir, "main", 0, POLL))) {
            Http http = new Http(server);
            String broken = repo.delete("gitflags.yaml").commit("settings removed").name();

            JsonNode status = ReloadTest.awaitJson(http, "/status",
                    body -> body.path("newestSeen").asText().equals(broken));
            JsonNode error = status.get("rejected").get("errors").get(0);
            assertEquals("gitflags.yaml", error.get("file").asText());
            assertEquals(1, error.get("line").asInt(), error::toString);
            assertEquals(1, error.get("column").asInt(), error::toString);
            assertEquals("E_IO", error.get("code").asText(), error::toString);
        }
    }

    @Test
    void aCommitThatTurnsAnEnvironmentIntoALinkIsRejected() throws Exception {
        try (TestRepo repo = Fixtures.Serving.repo(dir);
             FlagServer server = FlagServer.start(ServerOptions.of(dir, "main", 0, POLL))) {
            Http http = new Http(server);
            repo.write("shared/dev.yaml", Fixtures.Serving.DEV).delete("environments/dev.yaml");
            Files.createSymbolicLink(dir.resolve("environments/dev.yaml"), Path.of("../shared/dev.yaml"));
            String linked = repo.commit("dev through a link").name();

            JsonNode status = ReloadTest.awaitJson(http, "/status",
                    body -> body.path("newestSeen").asText().equals(linked));
            JsonNode error = status.get("rejected").get("errors").get(0);
            assertEquals("E_SYMLINK", error.get("code").asText(), error::toString);
            assertEquals("environments/dev.yaml", error.get("file").asText());
            assertEquals(repo.commitAt("HEAD~1").name(), status.get("commit").asText(), "the last good commit stays");
        }
    }

    @Test
    void theServedCommitsWarningsAreListedAndItIsNotDegraded() throws Exception {
        try (TestRepo repo = Fixtures.Serving.repo(dir);
             FlagServer server = FlagServer.start(ServerOptions.of(dir, "main", 0, POLL))) {
            Http http = new Http(server);
            String warned = repo.write("environments/sandbox.yaml", "").commit("an empty environment file").name();

            JsonNode status = ReloadTest.awaitJson(http, "/status",
                    body -> body.path("commit").asText().equals(warned));
            assertFalse(status.get("degraded").asBoolean(), status::toString);
            JsonNode warning = status.get("warnings").get(0);
            assertEquals("W_EMPTY_ENVIRONMENT", warning.get("code").asText(), warning::toString);
            assertEquals("environments/sandbox.yaml", warning.get("file").asText());
        }
    }
}
