package dev.gitflags.server;

import ch.qos.logback.classic.Level;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gitflags.testing.Fixtures;
import dev.gitflags.testing.LogCapture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every error of a real server on a random port, sent as raw bytes where a client library would refuse to:
 * one shape {@code {"error", "message"[, "known"]}} outside OFREP, OFREP's bodies on it, and no request a client
 * can make costs a stack trace in the log.
 */
class ErrorResponsesTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** OFREP's errorCode values of a 400 (service/openapi.yaml, evaluationFailure). */
    private static final Set<String> OFREP_400_CODES =
            Set.of("PARSE_ERROR", "TARGETING_KEY_MISSING", "INVALID_CONTEXT", "GENERAL");

    @TempDir
    static Path dir;

    static FlagServer server;
    static Http http;

    @BeforeAll
    static void start() throws Exception {
        Fixtures.Serving.repo(dir).close();
        server = FlagServer.start(ServerOptions.of(dir, "main", 0, Duration.ofSeconds(30))
                .withProperties(Map.of("gitflags.test.failing-endpoints", "true")));
        http = new Http(server);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    /** A raw answer: status, headers as one text, and the body. */
    record Raw(int status, String headers, String body) {

        JsonNode json() {
            try {
                return JSON.readTree(body);
            } catch (IOException e) {
                throw new UncheckedIOException("not JSON: " + body, e);
            }
        }

        Set<String> fields() {
            Set<String> names = new TreeSet<>();
            json().fieldNames().forEachRemaining(names::add);
            return names;
        }
    }

    /** A GET without a body, or any other verb with the body {@code {}}. */
    static Raw send(String method, String target, String... headerLines) {
        return sendWithBody(method, target, method.equals("GET") ? null : "{}", headerLines);
    }

    static Raw sendWithBody(String method, String target, String body, String... headerLines) {
        StringBuilder request = new StringBuilder(method + " " + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\n");
        for (String line : headerLines) {
            request.append(line).append("\r\n");
        }
        request.append("Connection: close\r\n");
        if (body != null) {
            request.append("Content-Length: ").append(body.length()).append("\r\n\r\n").append(body);
        } else {
            request.append("\r\n");
        }
        String answer = Http.raw(server.port(), request.toString());
        int end = answer.indexOf("\r\n\r\n");
        String head = answer.substring(0, end);
        return new Raw(Integer.parseInt(head.split(" ", 3)[1]), head, answer.substring(end + 4));
    }

    static void assertRestShape(Raw reply, int status, String error) {
        assertEquals(status, reply.status(), reply.toString());
        Set<String> fields = reply.fields();
        assertTrue(fields.equals(Set.of("error", "message")) || fields.equals(Set.of("error", "message", "known")),
                reply.body());
        assertEquals(error, reply.json().get("error").asText(), reply.body());
        assertTrue(reply.headers().toLowerCase().contains("content-type: application/json"), reply.headers());
    }

    /** OFREP 4xx: {key, errorCode, errorDetails}, key only where the path names a flag. */
    static void assertOfrepShape(Raw reply, int status, String key, String errorCode) {
        assertEquals(status, reply.status(), reply.toString());
        assertEquals(key == null ? Set.of("errorCode", "errorDetails") : Set.of("key", "errorCode", "errorDetails"),
                reply.fields(), reply.body());
        if (key != null) {
            assertEquals(key, reply.json().get("key").asText());
        }
        assertEquals(errorCode, reply.json().get("errorCode").asText(), reply.body());
    }

    /** What a request may cost in the log: at most one line, below WARN, without a stack trace. */
    static void assertQuietLog(LogCapture log) {
        List<String> lines = log.lines();
        assertTrue(lines.size() <= 1, String.join("\n", lines));
        log.events().forEach(event -> {
            assertFalse(event.getLevel().isGreaterOrEqual(Level.WARN), event.getFormattedMessage());
            assertEquals(null, event.getThrowableProxy(), event.getFormattedMessage());
        });
    }

    @ParameterizedTest
    @ValueSource(strings = {"/api/v1/environments/production/flags/%", "/api/v1/environments/production/flags/%zz",
            "/api/v1/flags?env=%", "/api/v1/flags/banner-text?explain=%zz", "/api/v1/matrix?q=%",
            "/api/v1/matrix/cell?env=%E0%A4%A&flag=x", "/%", "/web/%", "/health?x=%"})
    void badPercentEncodingIs400AndAtMostOneQuietLogLine(String target) {
        try (LogCapture log = LogCapture.start()) {
            Raw reply = send("GET", target);
            assertRestShape(reply, 400, "BAD_REQUEST");
            assertTrue(reply.json().get("message").asText().startsWith("the request URI is not valid"),
                    reply.body());
            assertQuietLog(log);
        }
    }

    @Test
    void badPercentEncodingOnOfrepIs400InOfrepsShape() {
        try (LogCapture log = LogCapture.start()) {
            assertOfrepShape(send("POST", "/ofrep/v1/evaluate/flags/%"), 400, "%", "PARSE_ERROR");
            assertOfrepShape(send("POST", "/ofrep/v1/evaluate/flags/%zz?x=1"), 400, "%zz", "PARSE_ERROR");
            assertOfrepShape(send("POST", "/ofrep/v1/evaluate/flags?x=%"), 400, null, "PARSE_ERROR");
            // A write verb with a bad URI is still a bad request, not a 405 for "/".
            assertRestShape(send("PUT", "/api/v1/flags/%"), 400, "BAD_REQUEST");
            assertQuietLog(log);
        }
    }

    @Test
    void oversizedHeadersAre413InTheOneShape() {
        String big = "X-Padding: " + "a".repeat(20_000);
        try (LogCapture log = LogCapture.start()) {
            assertRestShape(send("GET", "/api/v1/flags", big), 413, "PAYLOAD_TOO_LARGE");
            assertRestShape(send("GET", "/" + "a".repeat(5_000)), 413, "PAYLOAD_TOO_LARGE");
            assertOfrepShape(send("POST", "/ofrep/v1/evaluate/flags/banner-text", big), 413, "banner-text",
                    "GENERAL");
            assertOfrepShape(send("POST", "/ofrep/v1/evaluate/flags", big), 413, null, "GENERAL");
            assertFalse(send("GET", "/api/v1/flags", big).body().contains("_links"));
            assertQuietLog(log);
        }
    }

    @Test
    void headersThatCannotBeDecodedAre400() {
        try (LogCapture log = LogCapture.start()) {
            assertRestShape(send("GET", "/api/v1/flags", "X-Environment: a\u0001b"), 400, "BAD_REQUEST");
            Raw length = send("GET", "/api/v1/flags", "Content-Length: abc");
            assertRestShape(length, 400, "BAD_REQUEST");
            assertOfrepShape(send("GET", "/ofrep/v1/evaluate/flags/banner-text", "Content-Length: -1"), 400,
                    "banner-text", "PARSE_ERROR");
            assertQuietLog(log);
        }
    }

    @Test
    void aBodyThatCannotBeDecompressedIs400() {
        try (LogCapture log = LogCapture.start()) {
            assertOfrepShape(sendWithBody("POST", "/ofrep/v1/evaluate/flags/banner-text", "not deflate",
                    "Content-Encoding: deflate"), 400, "banner-text", "PARSE_ERROR");
            assertQuietLog(log);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {";;;", "text/plain", "application/json; charset=bogus", "a/b/c", "multipart/form-data"})
    void anyContentTypeOnOfrepIsReadAsJson(String contentType) {
        try (LogCapture log = LogCapture.start()) {
            Raw single = send("POST", "/ofrep/v1/evaluate/flags/banner-text", "Content-Type: " + contentType);
            assertEquals(200, single.status(), single.toString());
            assertEquals("Welcome", single.json().get("value").asText());
            Raw bulk = send("POST", "/ofrep/v1/evaluate/flags", "Content-Type: " + contentType);
            assertEquals(200, bulk.status(), bulk.toString());
            Raw rest = send("GET", "/api/v1/flags/banner-text", "Content-Type: " + contentType);
            assertEquals(200, rest.status(), rest.toString());
            assertQuietLog(log);
        }
    }

    @ParameterizedTest
    @CsvSource({
            "GET, /api/v1/matrix?limit=abc, 400, BAD_REQUEST",
            "GET, /api/v1/matrix/cell, 400, BAD_REQUEST",
            "GET, /api/v2/nothing, 404, NOT_FOUND",
            "GET, /api/v1/environments/nowhere/flags, 404, UNKNOWN_ENVIRONMENT",
            "GET, /api/v1/flags/nope, 404, FLAG_NOT_FOUND",
            "GET, /api/v1/matrix/cell?env=production&flag=nope, 404, FLAG_NOT_FOUND",
            "GET, /web/nothing.js, 404, NOT_FOUND",
            "PUT, /api/v1/flags/banner-text, 405, METHOD_NOT_ALLOWED",
            "POST, /, 405, METHOD_NOT_ALLOWED",
            "POST, /health, 405, METHOD_NOT_ALLOWED"})
    void everyErrorOutsideOfrepHasTheOneShape(String method, String target, int status, String error) {
        try (LogCapture log = LogCapture.start()) {
            assertRestShape(send(method, target), status, error);
            assertQuietLog(log);
        }
    }

    @ParameterizedTest
    @CsvSource({
            "GET, /ofrep/v1/evaluate/flags/banner-text, 405, banner-text",
            "PUT, /ofrep/v1/evaluate/flags, 405, ",
            "POST, /ofrep/v1/nothing, 404, "})
    void everyErrorOnOfrepHasOfrepsShape(String method, String target, int status, String key) {
        Raw reply = send(method, target);
        assertOfrepShape(reply, status, key, "GENERAL");
        assertTrue(OFREP_400_CODES.contains(reply.json().get("errorCode").asText()));
    }

    @Test
    void ofrepsOwnErrorsUseItsVocabulary() {
        Http.Reply notFound = http.post("/ofrep/v1/evaluate/flags/nope", "{\"context\": {}}");
        assertEquals(404, notFound.status());
        assertEquals(Set.of("key", "errorCode", "errorDetails"), fields(notFound.json()));
        assertEquals("FLAG_NOT_FOUND", notFound.json().get("errorCode").asText());
        Http.Reply invalid = http.post("/ofrep/v1/evaluate/flags", "{\"context\": 5}");
        assertEquals(400, invalid.status());
        assertEquals(Set.of("errorCode", "errorDetails"), fields(invalid.json()));
        assertEquals("INVALID_CONTEXT", invalid.json().get("errorCode").asText());
    }

    @Test
    void aDefectIs500WithItsTraceInTheLogOnlyOnce() {
        try (LogCapture log = LogCapture.start()) {
            Raw rest = send("GET", "/api/v1/test-defect");
            assertRestShape(rest, 500, "INTERNAL_ERROR");
            assertFalse(rest.body().contains("on purpose"), rest.body());
            // OFREP's 5xx body is {errorDetails} and nothing else.
            Raw ofrep = send("POST", "/ofrep/v1/test-defect");
            assertEquals(500, ofrep.status());
            assertEquals(Set.of("errorDetails"), ofrep.fields(), ofrep.body());
            List<String> errors = log.lines().stream().filter(line -> line.startsWith("ERROR")).toList();
            assertEquals(List.of("ERROR dev.gitflags.server.ErrorController - GET /api/v1/test-defect failed +trace",
                    "ERROR dev.gitflags.server.ErrorController - POST /ofrep/v1/test-defect failed +trace"), errors);
        }
    }

    private static Set<String> fields(JsonNode node) {
        Set<String> names = new TreeSet<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
