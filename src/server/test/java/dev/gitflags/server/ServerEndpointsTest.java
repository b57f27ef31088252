package dev.gitflags.server;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gitflags.internal.load.ConfigSource;
import dev.gitflags.internal.load.ConfigSources;
import dev.gitflags.internal.load.LoadLimits;
import dev.gitflags.testing.Fixtures;
import dev.gitflags.testing.TestRepo;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Every endpoint of a real server on a random port, serving a real git repo at {@code main}. */
class ServerEndpointsTest {

    @TempDir
    static Path dir;

    static TestRepo repo;
    static String commit;
    static FlagServer server;
    static Http http;

    @BeforeAll
    static void start() throws Exception {
        repo = Fixtures.Serving.repo(dir);
        commit = repo.head();
        server = FlagServer.start(ServerOptions.of(dir, "main", 0, Duration.ofSeconds(30)));
        http = new Http(server);
    }

    @AfterAll
    static void stop() {
        server.close();
        repo.close();
    }

    @Test
    void listsEnvironmentsWithTheirChainsAndWhetherTheyAreServed() {
        Http.Reply reply = http.get("/api/v1/environments");
        assertEquals(200, reply.status());
        JsonNode body = reply.json();
        assertEquals("production", body.get("defaultEnvironment").asText());
        assertEquals(commit, body.get("commit").asText());
        JsonNode dev = find(body.get("environments"), "slug", "dev");
        assertEquals("Development", dev.get("name").asText());
        assertEquals("staging", dev.get("parent").asText());
        assertEquals(List.of("dev", "staging", "production"), texts(dev.get("chain")));
        assertTrue(dev.get("served").asBoolean());
        JsonNode retired = find(body.get("environments"), "slug", "retired");
        assertFalse(retired.get("active").asBoolean());
        assertFalse(retired.get("served").asBoolean());
        assertFalse(find(body.get("environments"), "slug", "sandbox").get("served").asBoolean());
        assertNotNull(reply.header("ETag"));
    }

    @Test
    void servesEveryResolvedFlagOfAnEnvironment() {
        Http.Reply reply = http.get("/api/v1/environments/staging/flags");
        assertEquals(200, reply.status());
        JsonNode flags = reply.json().get("flags");
        assertEquals(7, flags.size());
        assertEquals("Welcome to staging", find(flags, "key", "banner-text").get("defaultValue").asText());
        assertEquals(50, find(flags, "key", "max-items").get("defaultValue").asInt());
        assertEquals("staging", reply.header("X-Environment-Resolved"));
    }

    @Test
    void servesOneResolvedFlagWithItsRulesVariantsAndMetadata() {
        JsonNode checkout = http.get("/api/v1/environments/production/flags/new-checkout").json();
        assertEquals("boolean", checkout.get("type").asText());
        assertEquals("New checkout", checkout.get("name").asText());
        assertFalse(checkout.get("defaultValue").asBoolean());
        JsonNode rule = checkout.get("rules").get(0);
        assertEquals("beta-testers", rule.get("name").asText());
        assertEquals("eq", rule.get("conditions").get(0).get("operator").asText());
        assertEquals("team-checkout", checkout.get("metadata").get("owner").asText());
        assertNull(checkout.get("provenance"), "provenance only with ?explain=true");

        JsonNode color = http.get("/api/v1/environments/production/flags/button-color").json();
        // rules and variants in the plain form of the YAML files, as resolve --format json prints them
        List<String> variantKeys = new ArrayList<>();
        color.get("variants").fieldNames().forEachRemaining(variantKeys::add);
        assertEquals(List.of("green", "red"), variantKeys, "by key, in split order");
        assertEquals("green", color.get("variants").get("green").get("value").asText());
        assertEquals(50, color.get("variants").get("green").get("weight").asInt());
        assertEquals(3, http.get("/api/v1/environments/dev/flags/theme").json().get("defaultValue").get("size").asInt());
    }

    @Test
    void explainNamesTheEnvironmentFileAndLineOfEveryField() {
        JsonNode flag = http.get("/api/v1/environments/dev/flags/banner-text?explain=true").json();
        assertEquals("Welcome to staging", flag.get("defaultValue").asText());
        JsonNode defaultValue = flag.get("provenance").get("defaultValue");
        assertEquals("staging", defaultValue.get("environment").asText());
        assertEquals("environments/staging.yaml", defaultValue.get("file").asText());
        assertEquals(5, defaultValue.get("line").asInt());
        JsonNode enabled = flag.get("provenance").get("enabled");
        assertNull(enabled.get("environment"), "the base flag has no environment");
        assertEquals("flags/app.yaml", enabled.get("file").asText());
    }

    @Test
    void flagKeysWithDotsAreReachable() {
        Http.Reply reply = http.get("/api/v1/environments/production/flags/ops.kill-switch");
        assertEquals(200, reply.status());
        assertEquals("ops.kill-switch", reply.json().get("key").asText());
    }

    @Test
    void unknownEnvironmentIs404NamingTheServedOnes() {
        Http.Reply reply = http.get("/api/v1/environments/stagign/flags");
        assertEquals(404, reply.status());
        JsonNode body = reply.json();
        assertEquals("UNKNOWN_ENVIRONMENT", body.get("error").asText());
        assertTrue(body.get("message").asText().contains("did you mean 'staging'?"), body.toString());
        assertEquals(List.of("dev", "production", "staging"), texts(body.get("known")));
        assertEquals(404, http.get("/api/v1/environments/nowhere/flags/banner-text").status());
    }

    @Test
    void inactiveOrNotAllowedEnvironmentsAreNotServed() {
        Http.Reply retired = http.get("/api/v1/environments/retired/flags/banner-text");
        assertEquals(404, retired.status());
        assertTrue(retired.json().get("message").asText().contains("inactive"));
        Http.Reply sandbox = http.get("/api/v1/environments/sandbox/flags");
        assertEquals(404, sandbox.status());
        assertTrue(sandbox.json().get("message").asText().contains("allowed_environments"));
    }

    @Test
    void unknownFlagIs404WithASuggestion() {
        Http.Reply reply = http.get("/api/v1/environments/production/flags/new-chekout");
        assertEquals(404, reply.status());
        assertEquals("FLAG_NOT_FOUND", reply.json().get("error").asText());
        assertTrue(reply.json().get("message").asText().contains("did you mean 'new-checkout'?"));
    }

    @Test
    void detectedEnvironmentEndpointsAnswerForTheDefaultWithoutAHint() {
        Http.Reply one = http.get("/api/v1/flags/banner-text");
        assertEquals(200, one.status());
        assertEquals("Welcome", one.json().get("defaultValue").asText());
        assertEquals("production", one.header("X-Environment-Resolved"));
        assertEquals("X-Environment", one.header("Vary"));
        Http.Reply all = http.get("/api/v1/flags", "X-Environment", "dev");
        assertEquals("dev", all.json().get("environment").asText());
        assertEquals(1000, find(all.json().get("flags"), "key", "max-items").get("defaultValue").asInt());
        assertEquals("flags/app.yaml",
                http.get("/api/v1/flags/max-items?explain=true").json().get("provenance").get("rules").get("file").asText());
    }

    @ParameterizedTest
    @CsvSource({
            "/api/v1/environments",
            "/api/v1/environments/staging/flags",
            "/api/v1/environments/staging/flags/banner-text",
            "/api/v1/environments/staging/flags/banner-text?explain=true",
            "/api/v1/flags",
            "/api/v1/flags/banner-text",
            "/health",
            "/status"})
    void everyGetHasAnETagAndHonoursIfNoneMatch(String path) {
        Http.Reply first = http.get(path);
        assertEquals(200, first.status());
        String etag = first.header("ETag");
        assertNotNull(etag, path);
        Http.Reply again = http.get(path, "If-None-Match", etag);
        assertEquals(304, again.status(), path);
        assertEquals("", again.body());
        assertEquals(etag, again.header("ETag"));
        assertEquals(200, http.get(path, "If-None-Match", "\"something-else\"").status());
    }

    @Test
    void theETagDependsOnTheEnvironmentAndTheConfigFiles() throws Exception {
        String production = http.get("/api/v1/flags/banner-text").header("ETag");
        String staging = http.get("/api/v1/flags/banner-text", "X-Environment", "staging").header("ETag");
        assertNotEquals(production, staging);
        try (ConfigSource source = ConfigSources.open(dir, commit)) {
            assertTrue(production.startsWith("\"" + source.contentId().substring(0, 12) + "."), production);
        }
        assertEquals(200, http.get("/api/v1/flags/banner-text", "X-Environment", "staging",
                "If-None-Match", production).status());
    }

    @ParameterizedTest
    @CsvSource({
            "PUT, /api/v1/environments/production/flags/banner-text",
            "PATCH, /api/v1/flags/banner-text",
            "DELETE, /api/v1/environments",
            "POST, /api/v1/flags",
            "POST, /health",
            "PUT, /ofrep/v1/evaluate/flags/banner-text",
            "DELETE, /no/such/path",
            "POST, /no/such/path"})
    void everyWriteVerbIs405(String method, String path) {
        Http.Reply reply = http.send(method, path, "{}");
        assertEquals(405, reply.status(), method + " " + path);
        // OFREP paths answer in OFREP's shape, everything else in the server's own
        JsonNode code = path.startsWith("/ofrep/") ? reply.json().get("errorCode") : reply.json().get("error");
        assertEquals(path.startsWith("/ofrep/") ? "GENERAL" : "METHOD_NOT_ALLOWED", code.asText());
        assertNotNull(reply.header("Allow"));
        assertNoStackTrace(reply);
    }

    @Test
    void unknownPathsAndWrongVerbsAreJsonErrorsWithoutStackTraces() {
        Http.Reply missing = http.get("/api/v2/nothing");
        assertEquals(404, missing.status());
        assertEquals("NOT_FOUND", missing.json().get("error").asText());
        assertEquals("no endpoint at /api/v2/nothing", missing.json().get("message").asText());
        Http.Reply wrongVerb = http.get("/ofrep/v1/evaluate/flags/banner-text");
        assertEquals(405, wrongVerb.status());
        for (Http.Reply reply : List.of(missing, wrongVerb)) {
            assertNoStackTrace(reply);
        }
    }

    @Test
    void ofrepEvaluatesOneFlag() {
        Http.Reply reply = http.post("/ofrep/v1/evaluate/flags/new-checkout",
                "{\"context\": {\"targetingKey\": \"user-1\", \"plan\": \"beta\"}}");
        assertEquals(200, reply.status());
        JsonNode body = reply.json();
        assertEquals("new-checkout", body.get("key").asText());
        assertTrue(body.get("value").asBoolean());
        assertEquals("TARGETING_MATCH", body.get("reason").asText());
        assertEquals("production", body.get("metadata").get("environment").asText());

        Http.Reply noBody = http.send("POST", "/ofrep/v1/evaluate/flags/banner-text", null);
        assertEquals(200, noBody.status(), "no body is the empty context");
        assertEquals("STATIC", noBody.json().get("reason").asText());

        JsonNode plain = http.post("/ofrep/v1/evaluate/flags/banner-text", "{\"context\": {}}",
                "X-Environment", "staging").json();
        assertEquals("Welcome to staging", plain.get("value").asText());
    }

    @Test
    void ofrepErrorsFollowTheProtocol() {
        Http.Reply notFound = http.post("/ofrep/v1/evaluate/flags/nope", "{\"context\": {}}");
        assertEquals(404, notFound.status());
        assertEquals("nope", notFound.json().get("key").asText());
        assertEquals("FLAG_NOT_FOUND", notFound.json().get("errorCode").asText());
        assertTrue(notFound.json().has("errorDetails"));

        Http.Reply malformed = http.post("/ofrep/v1/evaluate/flags/banner-text", "{\"context\": ");
        assertEquals(400, malformed.status());
        assertEquals("PARSE_ERROR", malformed.json().get("errorCode").asText());

        Http.Reply notAnObject = http.post("/ofrep/v1/evaluate/flags/banner-text", "{\"context\": [1, 2]}");
        assertEquals(400, notAnObject.status());
        assertEquals("INVALID_CONTEXT", notAnObject.json().get("errorCode").asText());

        Http.Reply numericKey = http.post("/ofrep/v1/evaluate/flags/banner-text",
                "{\"context\": {\"targetingKey\": 42}}");
        assertEquals("INVALID_CONTEXT", numericKey.json().get("errorCode").asText());
        for (Http.Reply reply : List.of(notFound, malformed, notAnObject, numericKey)) {
            assertNoStackTrace(reply);
        }
    }

    @Test
    void ofrepBodiesBeyond64KiBAre413() {
        String padding = "x".repeat(70 * 1024);
        Http.Reply reply = http.post("/ofrep/v1/evaluate/flags/banner-text",
                "{\"context\": {\"targetingKey\": \"u\", \"padding\": \"" + padding + "\"}}");
        assertEquals(413, reply.status());
        assertEquals("GENERAL", reply.json().get("errorCode").asText());
        assertEquals("banner-text", reply.json().get("key").asText());
        assertNoStackTrace(reply);
        String fits = "x".repeat(60 * 1024);
        assertEquals(200, http.post("/ofrep/v1/evaluate/flags/banner-text",
                "{\"context\": {\"targetingKey\": \"u\", \"padding\": \"" + fits + "\"}}").status());
    }

    @Test
    void ofrepBulkEvaluatesEveryFlagWithAnETag() {
        String body = "{\"context\": {\"targetingKey\": \"user-7\", \"plan\": \"beta\"}}";
        Http.Reply reply = http.post("/ofrep/v1/evaluate/flags", body, "X-Environment", "dev");
        assertEquals(200, reply.status());
        JsonNode flags = reply.json().get("flags");
        assertEquals(7, flags.size());
        assertEquals(1000, find(flags, "key", "max-items").get("value").asInt());
        assertTrue(find(flags, "key", "new-checkout").get("value").asBoolean());
        String etag = reply.header("ETag");
        assertNotNull(etag);
        Http.Reply same = http.post("/ofrep/v1/evaluate/flags", body, "X-Environment", "dev", "If-None-Match", etag);
        assertEquals(304, same.status());
        Http.Reply otherContext = http.post("/ofrep/v1/evaluate/flags", "{\"context\": {\"targetingKey\": \"user-8\"}}",
                "X-Environment", "dev", "If-None-Match", etag);
        assertEquals(200, otherContext.status());
        assertNotEquals(etag, otherContext.header("ETag"));
        Http.Reply malformed = http.post("/ofrep/v1/evaluate/flags", "nonsense");
        assertEquals(400, malformed.status());
        assertEquals("PARSE_ERROR", malformed.json().get("errorCode").asText());
    }

    @Test
    void healthAndStatusDescribeWhatIsServed() {
        Http.Reply health = http.get("/health");
        assertEquals(200, health.status());
        assertEquals("UP", health.json().get("status").asText());
        JsonNode status = http.get("/status").json();
        assertEquals("UP", status.get("status").asText());
        assertEquals(commit, status.get("commit").asText());
        assertEquals(commit, status.get("newestSeen").asText());
        assertNotNull(status.get("loadedAt"));
        assertNull(status.get("rejected"));
        assertTrue(server.probePort().isEmpty(), "no probe port unless gitflags.probe-port asks for one");
    }

    @Test
    void theBenchmarkBaselineIsServedOnlyWhenAskedFor() throws Exception {
        assertEquals(404, http.get("/bench/hello").status());

        ServerOptions bench = new ServerOptions(dir, "main", LoadLimits.DEFAULT, null, 0, Duration.ofSeconds(30),
                ServerOptions.DEFAULT_LOAD_TIMEOUT, ServerOptions.DEFAULT_HISTORY_DEPTH, ApiToken.none(),
                Map.of(HelloController.ENABLED_PROPERTY, "true"));
        try (FlagServer baseline = FlagServer.start(bench)) {
            Http.Reply reply = new Http(baseline).get("/bench/hello");
            assertEquals(200, reply.status());
            assertEquals("hello", reply.body());
        }
    }

    static void assertNoStackTrace(Http.Reply reply) {
        assertFalse(reply.body().contains("Exception"), reply.body());
        assertFalse(reply.body().contains("\tat "), reply.body());
        assertFalse(reply.body().contains(".java:"), reply.body());
    }

    static JsonNode find(JsonNode array, String field, String value) {
        for (JsonNode item : array) {
            if (item.path(field).asText().equals(value)) {
                return item;
            }
        }
        throw new AssertionError("no item with " + field + "=" + value + " in " + array);
    }

    static List<String> texts(JsonNode array) {
        List<String> texts = new ArrayList<>();
        array.forEach(item -> texts.add(item.asText()));
        return texts;
    }

    static List<String> texts(JsonNode array, String field) {
        List<String> texts = new ArrayList<>();
        array.forEach(item -> texts.add(item.get(field).asText()));
        return texts;
    }
}
