package dev.gitflags.server;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gitflags.testing.TestRepo;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * OFREP and REST answer numbers as JSON numbers, exactly as the config writes them: a decimal, integers beyond
 * 2^53, numbers nested in a json flag; and a commit with a number JSON cannot carry is rejected, not served as
 * the string "NaN".
 */
class ServedNumbersTest {

    /** Reads numbers exactly: every decimal as a BigDecimal, every integer as written. */
    private static final ObjectMapper EXACT = new ObjectMapper()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .enable(DeserializationFeature.USE_BIG_INTEGER_FOR_INTS);

    private static final String FLAGS = """
            flags:
              ratio:
                type: number
                default_value: 0.1
              beyond-2-53:
                type: number
                default_value: 9007199254740993
              largest-long:
                type: number
                default_value: 9223372036854775807
              limits:
                type: json
                default_value: {burst: 2.5, ceiling: 9007199254740993, steps: [1, 0.25, -1.5e-7]}
            """;

    @TempDir
    Path dir;

    private static JsonNode exact(Http.Reply reply) throws Exception {
        assertEquals(200, reply.status(), reply.body());
        return EXACT.readTree(reply.body());
    }

    private static void assertNumber(String expected, JsonNode node) {
        assertTrue(node.isNumber(), "not a JSON number: " + node);
        assertEquals(0, new BigDecimal(expected).compareTo(node.decimalValue()), expected + " served as " + node);
    }

    private static JsonNode ofrep(Http http, String key) throws Exception {
        return exact(http.post("/ofrep/v1/evaluate/flags/" + key, "{\"context\": {}}")).get("value");
    }

    @Test
    void numbersAreServedAsTheJsonNumbersTheConfigWrites() throws Exception {
        try (TestRepo repo = TestRepo.init(dir)) {
            repo.write(Map.of("gitflags.yaml", "default_environment: production\n", "flags/numbers.yaml", FLAGS,
                    "environments/production.yaml", "name: Production\n")).commit("numbers");
            try (FlagServer server = FlagServer.start(ServerOptions.of(dir, "main", 0, Duration.ofMillis(100)))) {
                Http http = new Http(server);

                assertNumber("0.1", ofrep(http, "ratio"));
                assertNumber("9007199254740993", ofrep(http, "beyond-2-53"));
                assertNumber("9223372036854775807", ofrep(http, "largest-long"));
                JsonNode limits = ofrep(http, "limits");
                assertNumber("2.5", limits.get("burst"));
                assertNumber("9007199254740993", limits.get("ceiling"));
                assertNumber("-1.5e-7", limits.get("steps").get(2));

                JsonNode bulk = exact(http.post("/ofrep/v1/evaluate/flags", "{\"context\": {}}")).get("flags");
                for (JsonNode flag : bulk) {
                    if (flag.get("key").asText().equals("ratio")) {
                        assertNumber("0.1", flag.get("value"));
                    }
                }

                String rest = "/api/v1/environments/production/flags/";
                assertNumber("0.1", exact(http.get(rest + "ratio")).get("defaultValue"));
                assertNumber("9223372036854775807", exact(http.get(rest + "largest-long")).get("defaultValue"));
                assertNumber("-1.5e-7", exact(http.get(rest + "limits")).get("defaultValue").get("steps").get(2));
            }
        }
    }

    @Test
    void aCommitWithANumberJsonCannotCarryIsRejectedAndTheLastGoodOneServed() throws Exception {
        try (TestRepo repo = TestRepo.init(dir)) {
            repo.write(Map.of("gitflags.yaml", "default_environment: production\n", "flags/numbers.yaml", FLAGS,
                    "environments/production.yaml", "name: Production\n")).commit("numbers");
            try (FlagServer server = FlagServer.start(ServerOptions.of(dir, "main", 0, Duration.ofMillis(100)))) {
                Http http = new Http(server);

                // Served as the string "NaN" before: OpenFeature clients then failed on the type.
                String nan = repo.write("flags/numbers.yaml", FLAGS.replace("default_value: 0.1", "default_value: .nan"))
                        .commit("not a number").name();
                JsonNode status = ReloadTest.awaitJson(http, "/status",
                        body -> body.path("newestSeen").asText().equals(nan));
                JsonNode rejected = status.get("rejected");
                assertNotNull(rejected, "served instead of rejected: " + ofrep(http, "ratio"));
                JsonNode error = rejected.get("errors").get(0);
                assertEquals("flags/numbers.yaml", error.get("file").asText(), status.toString());
                assertEquals(4, error.get("line").asInt(), status.toString());
                assertTrue(error.get("text").asText().contains("[E_BAD_NUMBER]"), status.toString());
                assertNumber("0.1", ofrep(http, "ratio"));
            }
        }
    }
}
