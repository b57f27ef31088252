package dev.gitflags.server;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gitflags.testing.Fixtures;
import dev.gitflags.testing.LogCapture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Scoped tokens, endpoint by endpoint: the full token opens everything, an evaluate token OFREP and the event
 * streams only (403 elsewhere), a definitions token the definitions and evaluation. The stream URL that the bulk
 * answer advertises carries a credential that opens that environment's stream only, and not once expired; it is
 * neither logged nor shown in /status.
 */
class TokenScopesTest {

    private static final String FULL = "full-token";
    private static final String EVALUATE = "evaluate-token";
    private static final String DEFINITIONS = "definitions-token";

    @TempDir
    static Path dir;

    static FlagServer server;
    static Http http;

    @BeforeAll
    static void start() throws Exception {
        Fixtures.Serving.repo(dir).close();
        server = FlagServer.start(ServerOptions.of(dir, "main", 0, Duration.ofSeconds(30))
                .withToken(ApiToken.of(FULL).withScoped(ApiToken.Scope.EVALUATE, EVALUATE)
                        .withScoped(ApiToken.Scope.DEFINITIONS, DEFINITIONS))
                .withProperties(Map.of("gitflags.events.credential-ttl", "2s")));
        http = new Http(server);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    /** Endpoint, then the status for the full, the evaluate and the definitions token. */
    @ParameterizedTest
    @CsvSource({
            "POST /ofrep/v1/evaluate/flags, 200, 200, 200",
            "POST /ofrep/v1/evaluate/flags/banner-text, 200, 200, 200",
            "GET /events/v1/environments/production, 200, 200, 200",
            "GET /api/v1/environments, 200, 403, 200",
            "GET /api/v1/flags/banner-text, 200, 403, 200",
            "GET /api/v1/environments/staging/flags, 200, 403, 200",
            "GET /api/v1/matrix, 200, 403, 200",
            "GET /sync/v1/environments/staging, 200, 403, 200",
            "GET /status, 200, 403, 200",
    })
    void eachEndpointNeedsItsScope(String endpoint, int full, int evaluate, int definitions) {
        assertEquals(full, call(endpoint, FULL), endpoint + " with the full token");
        assertEquals(evaluate, call(endpoint, EVALUATE), endpoint + " with the evaluate token");
        assertEquals(definitions, call(endpoint, DEFINITIONS), endpoint + " with the definitions token");
        assertEquals(401, call(endpoint, "no-such-token"), endpoint + " with no valid token");
    }

    @Test
    void aForbiddenAnswerSaysWhichScopeIsMissing() {
        Http.Reply reply = http.get("/api/v1/environments", "X-API-Key", EVALUATE);
        assertEquals("FORBIDDEN", reply.json().get("error").asText());
        assertTrue(reply.json().get("message").asText().contains("definitions scope"));
    }

    @Test
    void theAdvertisedCredentialOpensItsEnvironmentsStreamOnlyUntilItExpiresAndIsNeverLoggedOrShown()
            throws Exception {
        try (LogCapture log = LogCapture.start()) {
            JsonNode bulk = http.post("/ofrep/v1/evaluate/flags", "{\"context\":{}}", "X-Environment", "dev",
                    "Authorization", "Bearer " + EVALUATE).json();
            String uri = bulk.get("eventStreams").get(0).get("endpoint").get("requestUri").asText();
            assertTrue(uri.startsWith("/events/v1/environments/dev?etag=") && uri.contains("&credential="), uri);
            String credential = uri.substring(uri.indexOf("&credential=") + "&credential=".length());
            try (EventStreamClient stream = new EventStreamClient(server.url() + uri)) {
                assertEquals(200, stream.status());
                assertNotNull(stream.nextComment(Duration.ofSeconds(5)));
            }
            try (EventStreamClient none = new EventStreamClient(server.url() + "/events/v1/environments/dev");
                 EventStreamClient otherEnvironment = new EventStreamClient(server.url()
                         + "/events/v1/environments/staging?credential=" + credential);
                 EventStreamClient forged = new EventStreamClient(server.url() + uri + "x")) {
                assertEquals(401, none.status());
                assertEquals(401, otherEnvironment.status());
                assertEquals(401, forged.status());
            }
            assertEquals(401, http.get("/api/v1/environments?credential=" + credential).status(),
                    "a stream credential opens nothing but the stream");
            assertFalse(http.get("/status", "X-API-Key", FULL).body().contains(credential));
            // A credential lives at most two windows of gitflags.events.credential-ttl (here 2 s).
            Thread.sleep(4_100);
            try (EventStreamClient expired = new EventStreamClient(server.url() + uri)) {
                assertEquals(401, expired.status());
            }
            assertFalse(String.join("\n", log.lines()).contains(credential), "never logged");
        }
    }

    private static int call(String endpoint, String token) {
        String[] parts = endpoint.split(" ");
        if (parts[1].startsWith(EventStreams.PATH)) {
            try (EventStreamClient stream = new EventStreamClient(server.url() + parts[1],
                    "Authorization", "Bearer " + token)) {
                return stream.status();
            }
        }
        return parts[0].equals("POST")
                ? http.post(parts[1], "{\"context\":{}}", "Authorization", "Bearer " + token).status()
                : http.get(parts[1], "Authorization", "Bearer " + token).status();
    }
}
