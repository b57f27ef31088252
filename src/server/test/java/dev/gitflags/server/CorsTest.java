package dev.gitflags.server;

import dev.gitflags.testing.Fixtures;
import dev.gitflags.testing.TestRepo;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * CORS answers on the wire: preflights of OFREP, REST and the event stream for a listed origin (200 with the
 * allowed method and headers) and for another (403, no Access-Control headers); the actual answers carry the
 * origin and expose ETag; with no --cors-origin, no CORS headers at all. Preflights need no token.
 */
class CorsTest {

    private static final String APP = "http://app.example.test:3000";
    private static final String OTHER = "http://evil.example.test";

    @TempDir
    Path dir;

    @Test
    void preflightsAndAnswersForTheListedOriginOnlyAndWithoutAToken() throws Exception {
        try (TestRepo repo = Fixtures.Serving.repo(dir);
             FlagServer server = FlagServer.start(ServerOptions.of(dir, "main", 0, Duration.ofSeconds(30))
                     .withToken(ApiToken.of("s3cret"))
                     .withProperties(CorsOrigins.properties(List.of(APP))))) {
            Http http = new Http(server);
            for (String[] endpoint : new String[][]{{"/ofrep/v1/evaluate/flags", "POST"},
                    {"/ofrep/v1/evaluate/flags/banner-text", "POST"}, {"/api/v1/environments/dev/flags", "GET"},
                    {"/sync/v1/environments/dev", "GET"}, {"/events/v1/environments/dev", "GET"}}) {
                String path = endpoint[0];
                Http.Reply allowed = http.send("OPTIONS", path, null, "Origin", APP,
                        "Access-Control-Request-Method", endpoint[1],
                        "Access-Control-Request-Headers", "authorization,content-type,x-environment");
                assertEquals(200, allowed.status(), path);
                assertEquals(APP, allowed.header("Access-Control-Allow-Origin"), path);
                assertTrue(allowed.header("Access-Control-Allow-Methods").contains(endpoint[1]), path);
                assertTrue(allowed.header("Access-Control-Allow-Headers").toLowerCase().contains("authorization"),
                        path);
                Http.Reply refused = http.send("OPTIONS", path, null, "Origin", OTHER,
                        "Access-Control-Request-Method", endpoint[1]);
                assertEquals(403, refused.status(), path);
                assertNull(refused.header("Access-Control-Allow-Origin"), path);
            }
            Http.Reply bulk = http.post("/ofrep/v1/evaluate/flags", "{\"context\":{}}", "Origin", APP,
                    "Authorization", "Bearer s3cret");
            assertEquals(200, bulk.status());
            assertEquals(APP, bulk.header("Access-Control-Allow-Origin"));
            assertTrue(bulk.header("Access-Control-Expose-Headers").contains("ETag"));
            try (EventStreamClient stream = new EventStreamClient(server.url() + "/events/v1/environments/dev",
                    "Origin", APP, "Authorization", "Bearer s3cret")) {
                assertEquals(200, stream.status());
                assertEquals(APP, stream.header("Access-Control-Allow-Origin"));
            }
            try (EventStreamClient stream = new EventStreamClient(server.url() + "/events/v1/environments/dev",
                    "Origin", OTHER, "Authorization", "Bearer s3cret")) {
                assertNull(stream.header("Access-Control-Allow-Origin"));
            }
        }
    }

    /** A page on this machine (Micronaut refuses other origins' requests to a server on loopback outright). */
    private static final String LOCAL_PAGE = "http://127.0.0.1:3000";

    @Test
    void noOriginListedNoCorsHeaders() throws Exception {
        try (TestRepo repo = Fixtures.Serving.repo(dir);
             FlagServer server = FlagServer.start(ServerOptions.of(dir, "main", 0, Duration.ofSeconds(30)))) {
            Http http = new Http(server);
            Http.Reply bulk = http.post("/ofrep/v1/evaluate/flags", "{\"context\":{}}", "Origin", LOCAL_PAGE);
            assertEquals(200, bulk.status());
            assertNull(bulk.header("Access-Control-Allow-Origin"));
            assertNull(http.get("/api/v1/environments", "Origin", LOCAL_PAGE).header("Access-Control-Allow-Origin"));
            try (EventStreamClient stream = new EventStreamClient(server.url() + "/events/v1/environments/dev",
                    "Origin", LOCAL_PAGE)) {
                assertNull(stream.header("Access-Control-Allow-Origin"));
            }
        }
    }
}
