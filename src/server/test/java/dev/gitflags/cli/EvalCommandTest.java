package dev.gitflags.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gitflags.testing.Cli;
import dev.gitflags.testing.TestRepo;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code gitflags eval} end to end: targeting, splits, rollouts, disabled environments, argument errors. */
class EvalCommandTest {

    @TempDir
    Path tmp;

    @BeforeEach
    void commitConfig() throws Exception {
        try (TestRepo repo = TestRepo.init(tmp)) {
            repo.write(ConfigFiles.valid("")).commit("flags");
        }
    }

    private Cli eval(String... args) {
        String[] all = new String[args.length + 5];
        all[0] = "eval";
        System.arraycopy(args, 0, all, 1, args.length);
        System.arraycopy(new String[]{"--repo", tmp.toString(), "--ref", "HEAD"}, 0, all, args.length + 1, 4);
        return Cli.run(all);
    }

    @Test
    void aMatchingRuleServesItsValue() {
        Cli cli = eval("--env", "production", "checkout", "--target", "u-1", "--attr", "email=ann@acme.example");

        assertEquals(0, cli.exitCode(), cli.transcript());
        assertEquals("value:   true\nvariant: -\nreason:  TARGETING_MATCH\n", cli.out());
    }

    @Test
    void aVariantSplitNamesTheVariant() throws Exception {
        Cli cli = eval("--env", "staging", "banner-text", "--target", "user-1", "--format", "json");

        assertEquals(0, cli.exitCode(), cli.transcript());
        JsonNode result = new ObjectMapper().readTree(cli.out());
        assertEquals("SPLIT", result.get("reason").asText());
        String variant = result.get("variant").asText();
        assertEquals(variant.equals("loud") ? "HELLO" : "hello", result.get("value").asText());
        assertTrue(result.get("errorCode").isNull());
    }

    @Test
    void noTargetingKeyMeansOutsideThePartialRollout() {
        Cli cli = eval("--env", "production", "checkout");

        assertEquals(0, cli.exitCode(), cli.transcript());
        assertTrue(cli.out().startsWith("value:   false\n"), cli.transcript());
    }

    @Test
    void contextJsonSuppliesTargetingKeyAndAttributes() throws Exception {
        Cli cli = eval("--env", "dev", "checkout", "--format", "json",
                "--context-json", "{\"targetingKey\": \"u-9\", \"email\": \"bob@acme.example\"}");

        assertEquals(0, cli.exitCode(), cli.transcript());
        JsonNode result = new ObjectMapper().readTree(cli.out());
        assertEquals("TARGETING_MATCH", result.get("reason").asText());
        assertTrue(result.get("value").asBoolean());
        assertEquals("dev", result.get("environment").asText());
    }

    @Test
    void anInactiveEnvironmentIsNotEvaluated() {
        Cli cli = eval("--env", "qa", "max-items");

        assertEquals(2, cli.exitCode(), cli.transcript());
        assertTrue(cli.out().contains("reason:  ERROR"), cli.transcript());
        assertTrue(cli.out().contains("error:   GENERAL"), cli.transcript());
    }

    @Test
    void badArgumentsExitTwo() {
        Cli noEquals = eval("--env", "dev", "checkout", "--attr", "country");
        assertEquals(2, noEquals.exitCode(), noEquals.transcript());
        assertTrue(noEquals.err().contains("key=value"), noEquals.transcript());

        Cli badJson = eval("--env", "dev", "checkout", "--context-json", "{nope");
        assertEquals(2, badJson.exitCode(), badJson.transcript());
        assertTrue(badJson.err().contains("--context-json is not valid JSON"), badJson.transcript());

        Cli unknownFlag = eval("--env", "dev", "chekout");
        assertEquals(2, unknownFlag.exitCode(), unknownFlag.transcript());
        assertTrue(unknownFlag.err().contains("did you mean 'checkout'?"), unknownFlag.transcript());

        Cli missingKey = eval("--env", "dev");
        assertEquals(2, missingKey.exitCode(), missingKey.transcript());
    }
}
