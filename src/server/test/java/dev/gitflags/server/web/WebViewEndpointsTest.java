package dev.gitflags.server.web;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gitflags.internal.Snapshot;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The page, its files and its JSON, from the real server serving the example repo. */
class WebViewEndpointsTest {

    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path dir;
    static ServedExampleRepo served;

    @BeforeAll
    static void start() throws Exception {
        served = ServedExampleRepo.start(dir);
    }

    @AfterAll
    static void stop() throws Exception {
        served.close();
    }

    @Test
    void servesThePageAndItsFilesFromTheJarAndNothingElse() throws Exception {
        HttpResponse<String> page = get("/");
        assertEquals(200, page.statusCode());
        assertTrue(page.headers().firstValue("Content-Type").orElseThrow().startsWith("text/html"));
        assertTrue(page.body().contains("<script src=\"/web/app.js\">"));
        assertFalse(page.body().contains("http://") || page.body().contains("https://"), "no external resource");
        assertTrue(get("/web/app.js").headers().firstValue("Content-Type").orElseThrow().startsWith("text/javascript"));
        assertTrue(get("/web/app.css").headers().firstValue("Content-Type").orElseThrow().startsWith("text/css"));
        String etag = get("/web/app.js").headers().firstValue("ETag").orElseThrow();
        assertEquals(304, get("/web/app.js", "If-None-Match", etag).statusCode());
        assertEquals(404, get("/web/..%2F..%2Fapplication.yml").statusCode());
        assertEquals(404, get("/web/nothing.js").statusCode());
    }

    @Test
    void theMatrixHasEveryEnvironmentInTreeOrderAndOnlyTheRequestedRows() throws Exception {
        Snapshot snapshot = served.snapshot();
        JsonNode page = json("/api/v1/matrix?offset=2&limit=3");

        assertEquals(snapshot.graph().treeOrder(), texts(page.get("environments"), "slug"));
        assertEquals(snapshot.flagKeys().subList(2, 5), texts(page.get("rows"), "key"));
        assertEquals(snapshot.flagKeys().size(), page.get("total").asInt());
        assertEquals(snapshot.flagKeys().size(), page.get("flagCount").asInt());
        page.get("rows").forEach(row -> assertEquals(snapshot.graph().treeOrder().size(), row.get("cells").size()));
        assertEquals(snapshot.commit(), page.get("status").get("commit").asText());
        assertTrue(page.get("status").get("problems").isEmpty());
    }

    /** Rows carry owner, expiry and why a flag is stale; ?stale=true keeps the stale ones, owners are searchable. */
    @Test
    void rowsCarryTheLifecycleAndTheStaleFilterKeepsFlagsDueForRemoval() throws Exception {
        JsonNode page = json("/api/v1/matrix?stale=true&limit=500");

        assertEquals(List.of("legacy-paypal-button", "new-checkout", "referral-program"), texts(page.get("rows"), "key"));
        JsonNode checkout = page.get("rows").get(1);
        assertEquals("team-checkout", checkout.get("owners").get(0).asText());
        assertEquals("2027-03-31", checkout.get("expires").asText());
        assertEquals("dead override", checkout.get("stale").get(0).asText());
        assertEquals("one value", page.get("rows").get(0).get("stale").get(0).asText());
        assertEquals(List.of("dark-mode", "api-rate-limit").stream().sorted().toList(),
                texts(json("/api/v1/matrix?q=team-platform").get("rows"), "key"));
    }

    /** dev's default_value of new-checkout can never take effect (W_DEAD_OVERRIDE): its cell and field say so. */
    @Test
    void cellsWhoseEnvironmentSetsADeadFieldAreMarked() throws Exception {
        JsonNode page = json("/api/v1/matrix?limit=500");
        List<String> environments = texts(page.get("environments"), "slug");
        List<String> dead = new ArrayList<>();
        for (JsonNode row : page.get("rows")) {
            for (int i = 0; i < environments.size(); i++) {
                if (row.get("cells").get(i).get("dead").asBoolean()) {
                    dead.add(environments.get(i) + " " + row.get("key").asText());
                }
            }
        }
        // feature-checkout-v2 inherits the field, but does not set it: only dev's own file is marked
        assertEquals(List.of("dev new-checkout"), dead);

        JsonNode cell = json("/api/v1/matrix/cell?env=dev&flag=new-checkout");
        List<String> deadFields = new ArrayList<>();
        cell.get("fields").forEach(field -> {
            if (field.get("dead").asBoolean()) {
                deadFields.add(field.get("field").asText());
            }
        });
        assertEquals(List.of("default_value"), deadFields);
    }

    @Test
    void filtersAndCellProvenanceComeFromTheSnapshot() throws Exception {
        JsonNode checkout = json("/api/v1/matrix?q=checkout&tag=rollout");
        assertEquals(List.of("new-checkout"), texts(checkout.get("rows"), "key"));

        // staging.yaml sets new-checkout's rollout_percentage; eu-production.yaml sets enabled: false.
        int eu = texts(checkout.get("environments"), "slug").indexOf("eu-production");
        JsonNode euCell = checkout.get("rows").get(0).get("cells").get(eu);
        assertTrue(euCell.get("overridden").asBoolean());
        assertFalse(euCell.get("enabled").asBoolean());
        assertTrue(euCell.get("source").asText().startsWith("eu-production: enabled @ environments/eu-production.yaml:"),
                euCell.toString());

        JsonNode cell = json("/api/v1/matrix/cell?env=dev&flag=new-checkout");
        assertEquals(List.of("dev", "staging", "production"), JSON.convertValue(cell.get("chain"), List.class));
        JsonNode rollout = field(cell, "rollout_percentage");
        assertEquals("100%", rollout.get("value").asText());
        assertEquals("staging", rollout.get("environment").asText());
        assertTrue(rollout.get("location").asText().startsWith("environments/staging.yaml:"));
        HttpResponse<String> unknown = get("/api/v1/matrix/cell?env=nowhere&flag=new-checkout");
        assertEquals(404, unknown.statusCode());
        assertEquals(served.snapshot().graph().treeOrder(),
                JSON.convertValue(JSON.readTree(unknown.body()).get("known"), List.class), "names the environments");
        assertEquals("FLAG_NOT_FOUND", JSON.readTree(get("/api/v1/matrix/cell?env=dev&flag=nope").body())
                .get("error").asText());

        JsonNode differing = json("/api/v1/matrix?differs=true&limit=500");
        assertTrue(texts(differing.get("rows"), "key").contains("new-checkout"));
        assertTrue(differing.get("total").asInt() < differing.get("flagCount").asInt());
    }

    @Test
    void answersNotModifiedWhileTheSnapshotAndQueryStayTheSameAndIsReadOnly() throws Exception {
        HttpResponse<String> first = get("/api/v1/matrix?q=dark");
        String etag = first.headers().firstValue("ETag").orElseThrow();
        assertEquals(304, get("/api/v1/matrix?q=dark", "If-None-Match", etag).statusCode());
        assertEquals(200, get("/api/v1/matrix?q=darker", "If-None-Match", etag).statusCode());
        String cellTag = get("/api/v1/matrix/cell?env=dev&flag=dark-mode").headers().firstValue("ETag").orElseThrow();
        assertEquals(304, get("/api/v1/matrix/cell?env=dev&flag=dark-mode", "If-None-Match", cellTag).statusCode());
        assertEquals(200, get("/api/v1/matrix/cell?env=staging&flag=dark-mode", "If-None-Match", cellTag).statusCode());
        HttpResponse<String> post = HTTP.send(HttpRequest.newBuilder(URI.create(served.url() + "/api/v1/matrix"))
                .POST(HttpRequest.BodyPublishers.ofString("{}")).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(405, post.statusCode());
    }

    private static JsonNode field(JsonNode cell, String name) {
        for (JsonNode field : cell.get("fields")) {
            if (field.get("field").asText().equals(name)) {
                return field;
            }
        }
        throw new AssertionError("no field " + name + " in " + cell);
    }

    private static List<String> texts(JsonNode array, String field) {
        List<String> texts = new ArrayList<>();
        array.forEach(node -> texts.add(node.get(field).asText()));
        return texts;
    }

    private static JsonNode json(String path) throws Exception {
        HttpResponse<String> response = get(path);
        assertEquals(200, response.statusCode(), path + ": " + response.body());
        return JSON.readTree(response.body());
    }

    private static HttpResponse<String> get(String path, String... headers) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(served.url() + path)).GET();
        if (headers.length > 0) {
            request.headers(headers);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
