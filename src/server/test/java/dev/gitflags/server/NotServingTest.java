package dev.gitflags.server;

import com.fasterxml.jackson.databind.JsonNode;
import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * "Not serving" is one answer: the real server's HTTP stack on a random port, before any valid configuration is
 * loaded (FlagServer opens its port only after a valid first load, so this test starts Micronaut on an empty
 * {@link SnapshotHolder} itself). Every data endpoint is 503 NOT_SERVING, OFREP's paths in OFREP's 5xx shape.
 */
class NotServingTest {

    static ApplicationContext context;
    static Http http;

    @BeforeAll
    static void start() {
        context = ApplicationContext.builder().deduceEnvironment(false).banner(false)
                .properties(Map.of("micronaut.server.port", -1))
                .singletons(new SnapshotHolder(), new ServingCounters(), ApiToken.none(),
                        new ServerInfo("nothing yet", "test"))
                .start();
        EmbeddedServer server = context.getBean(EmbeddedServer.class).start();
        http = new Http("http://127.0.0.1:" + server.getPort());
    }

    @AfterAll
    static void stop() {
        context.close();
    }

    @ParameterizedTest
    @ValueSource(strings = {"/api/v1/environments", "/api/v1/environments/production/flags",
            "/api/v1/environments/production/flags/banner-text", "/api/v1/flags", "/api/v1/flags/banner-text",
            "/api/v1/matrix", "/api/v1/matrix/cell?env=production&flag=banner-text"})
    void everyRestEndpointIs503NotServing(String path) {
        Http.Reply reply = http.get(path);
        assertEquals(503, reply.status(), path);
        assertEquals(Set.of("error", "message"), fields(reply.json()));
        assertEquals("NOT_SERVING", reply.json().get("error").asText());
        assertEquals(NotServingFilter.MESSAGE, reply.json().get("message").asText());
    }

    @ParameterizedTest
    @ValueSource(strings = {"/ofrep/v1/evaluate/flags/banner-text", "/ofrep/v1/evaluate/flags"})
    void ofrepIs503InOfrepsServerErrorShape(String path) {
        Http.Reply reply = http.post(path, "{\"context\": {}}");
        assertEquals(503, reply.status(), path);
        assertEquals(Set.of("errorDetails"), fields(reply.json()), reply.body());
        assertEquals(NotServingFilter.MESSAGE, reply.json().get("errorDetails").asText());
    }

    @Test
    void healthSaysDownAndTheStatusAndPageStillAnswer() {
        Http.Reply health = http.get("/health");
        assertEquals(503, health.status());
        assertEquals("DOWN", health.json().get("status").asText());
        assertEquals("DOWN", http.get("/status").json().get("status").asText());
        assertEquals(200, http.get("/").status());
    }

    private static Set<String> fields(JsonNode node) {
        Set<String> names = new TreeSet<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
