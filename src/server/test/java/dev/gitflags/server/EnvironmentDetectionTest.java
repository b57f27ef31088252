package dev.gitflags.server;

import dev.gitflags.testing.Fixtures;
import dev.gitflags.testing.TestRepo;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.file.Path;
import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Which environment answers /api/v1/flags and OFREP: header > query parameter > default_environment. */
class EnvironmentDetectionTest {

    @TempDir
    static Path dir;

    static FlagServer server;
    static Http http;

    @org.junit.jupiter.api.BeforeAll
    static void start() throws Exception {
        Fixtures.Serving.repo(dir).close();
        server = FlagServer.start(ServerOptions.of(dir, "main", 0, Duration.ofSeconds(30)));
        http = new Http(server);
    }

    @org.junit.jupiter.api.AfterAll
    static void stop() {
        server.close();
    }

    @ParameterizedTest(name = "header={0} query={1} -> {2}")
    @CsvSource(nullValues = "-", value = {
            "-, -, production",
            "staging, -, staging",
            "-, staging, staging",
            "dev, staging, dev",
            "nowhere, staging, production",
            "-, nowhere, production",
            "retired, -, production",
            "sandbox, -, production",
            "-, retired, production"})
    void headerBeatsQueryBeatsDefaultAndUnservedFallsBackToDefault(String header, String query, String expected) {
        String path = "/api/v1/flags/banner-text" + (query == null ? "" : "?env=" + query);
        Http.Reply reply = header == null ? http.get(path) : http.get(path, "X-Environment", header);
        assertEquals(200, reply.status());
        assertEquals(expected, reply.header("X-Environment-Resolved"));
        assertEquals(expected, reply.json().get("environment").asText());

        String ofrep = "/ofrep/v1/evaluate/flags/banner-text" + (query == null ? "" : "?env=" + query);
        Http.Reply evaluated = header == null ? http.post(ofrep, "{}") : http.post(ofrep, "{}", "X-Environment", header);
        assertEquals(expected, evaluated.header("X-Environment-Resolved"));
        assertEquals(expected, evaluated.json().get("metadata").get("environment").asText());
    }

    @Test
    void aDisabledQueryParameterIsIgnoredAndACustomHeaderIsUsed(@TempDir Path other) throws Exception {
        try (TestRepo repo = Fixtures.Serving.repo(other)) {
            repo.write("gitflags.yaml", Fixtures.Serving.GITFLAGS
                    .replace("header: X-Environment", "header: X-Flags-Env")
                    .replace("query_param: env", "query_param: null")).commit("production: no query parameter");
            try (FlagServer locked = FlagServer.start(ServerOptions.of(other, "main", 0, Duration.ofSeconds(30)))) {
                Http client = new Http(locked);
                assertEquals("production",
                        client.get("/api/v1/flags/banner-text?env=staging").header("X-Environment-Resolved"));
                assertEquals("production", client.get("/api/v1/flags/banner-text", "X-Environment", "staging")
                        .header("X-Environment-Resolved"));
                Http.Reply custom = client.get("/api/v1/flags/banner-text?env=dev", "X-Flags-Env", "staging");
                assertEquals("staging", custom.header("X-Environment-Resolved"));
                assertEquals("X-Flags-Env", custom.header("Vary"));
            }
        }
    }
}
