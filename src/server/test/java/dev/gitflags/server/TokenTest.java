package dev.gitflags.server;

import dev.gitflags.testing.Fixtures;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Path;
import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** With a token, every endpoint but /health needs it as a Bearer token or an X-API-Key. */
class TokenTest {

    @TempDir
    static Path dir;

    static FlagServer server;
    static Http http;

    @BeforeAll
    static void start() throws Exception {
        Fixtures.Serving.repo(dir).close();
        server = FlagServer.start(ServerOptions.of(dir, "main", 0, Duration.ofSeconds(30))
                .withToken(ApiToken.of("s3cret-token")));
        http = new Http(server);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @ParameterizedTest
    @ValueSource(strings = {"/api/v1/environments", "/api/v1/flags/banner-text", "/status", "/bench/hello",
            "/api/v1/nothing", "/api/v1/matrix", "/api/v1/matrix/cell?env=production&flag=banner-text"})
    void getsWithoutTheTokenAre401(String path) {
        Http.Reply reply = http.get(path);
        assertEquals(401, reply.status(), path);
        assertEquals("UNAUTHORIZED", reply.json().get("error").asText());
        assertEquals("Bearer", reply.header("WWW-Authenticate"));
        assertEquals(401, http.get(path, "Authorization", "Bearer wrong").status());
        assertEquals(401, http.get(path, "X-API-Key", "s3cret-toke").status());
    }

    @Test
    void bearerTokenAndApiKeyAreAccepted() {
        assertEquals(200, http.get("/api/v1/flags/banner-text", "Authorization", "Bearer s3cret-token").status());
        assertEquals(200, http.get("/api/v1/flags/banner-text", "X-API-Key", "s3cret-token").status());
        assertEquals(200, http.post("/ofrep/v1/evaluate/flags/banner-text", "{}",
                "Authorization", "Bearer s3cret-token").status());
    }

    @Test
    void ofrepWithoutTheTokenIs401InOfrepsShape() {
        Http.Reply single = http.post("/ofrep/v1/evaluate/flags/banner-text", "{}");
        assertEquals(401, single.status());
        assertEquals("banner-text", single.json().get("key").asText());
        assertEquals("GENERAL", single.json().get("errorCode").asText());
        assertTrue(single.json().get("errorDetails").asText().contains("needs a token"));
        Http.Reply bulk = http.post("/ofrep/v1/evaluate/flags", "{}", "X-API-Key", "nope");
        assertEquals(401, bulk.status());
        assertFalse(bulk.json().has("key"));
        assertEquals("GENERAL", bulk.json().get("errorCode").asText());
    }

    @Test
    void healthNeedsNoToken() {
        assertEquals(200, http.get("/health").status());
    }

    @ParameterizedTest
    @ValueSource(strings = {"/", "/web/app.js"})
    void theWebViewsPageShellNeedsNoTokenButItsDataDoes(String path) {
        assertEquals(200, http.get(path).status(), path);
        assertEquals(401, http.get("/api/v1/matrix").status());
    }
}
