package dev.gitflags.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gitflags.testing.Cli;
import dev.gitflags.testing.TestRepo;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.yaml.snakeyaml.Yaml;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code envs}, {@code resolve} and {@code explain} end to end on a committed repo read at HEAD. */
class InspectCommandsTest {

    @TempDir
    Path tmp;

    private String sha;

    @BeforeEach
    void commitConfig() throws Exception {
        try (TestRepo repo = TestRepo.init(tmp)) {
            sha = repo.write(ConfigFiles.valid("")).commit("flags").name();
        }
    }

    private Cli run(String... args) {
        String[] all = new String[args.length + 4];
        System.arraycopy(args, 0, all, 0, args.length);
        System.arraycopy(new String[]{"--repo", tmp.toString(), "--ref", "HEAD"}, 0, all, args.length, 4);
        return Cli.run(all);
    }

    @Test
    void envsPrintsTheTreeWithDefaultAndInactiveMarks() {
        Cli cli = run("envs");

        assertEquals(0, cli.exitCode(), cli.transcript());
        assertEquals("""
                production [default]  Production (1 override)
                `-- staging  Staging (2 overrides)
                    |-- dev  Development (1 override)
                    `-- qa [inactive]  QA (0 overrides)

                4 environments, default production, inheritance on (each field falls back to the parent chain, \
                then the base flag)
                """, cli.out());
    }

    @Test
    void envsJsonListsChainsInTreeOrder() throws Exception {
        Cli cli = run("envs", "--format", "json");

        assertEquals(0, cli.exitCode(), cli.transcript());
        JsonNode envs = new ObjectMapper().readTree(cli.out());
        assertEquals(4, envs.size());
        assertEquals("dev", envs.get(2).get("slug").asText());
        assertEquals("[\"dev\",\"staging\",\"production\"]", envs.get(2).get("chain").toString());
        assertFalse(envs.get(3).get("active").asBoolean());
        assertTrue(envs.get(0).get("default").asBoolean());
    }

    @Test
    @SuppressWarnings("unchecked")
    void resolvePrintsEffectiveFlagsAsYaml() {
        Cli cli = run("resolve", "--env", "dev");

        assertEquals(0, cli.exitCode(), cli.transcript());
        Map<String, Object> document = new Yaml().load(cli.out());
        assertEquals("dev", document.get("environment"));
        assertEquals(List.of("dev", "staging", "production"), document.get("chain"));
        assertEquals(sha, document.get("commit"));
        Map<String, Map<String, Object>> flags = (Map<String, Map<String, Object>>) document.get("flags");
        assertEquals(List.of("banner-text", "checkout", "max-items"), List.copyOf(flags.keySet()));
        Map<String, Object> checkout = flags.get("checkout");
        assertEquals(true, checkout.get("default_value"));      // dev
        assertEquals(100, checkout.get("rollout_percentage")); // staging, over production's 10
        assertEquals("boolean", checkout.get("type"));
        List<Map<String, Object>> rules = (List<Map<String, Object>>) checkout.get("rules");
        assertEquals("staff", rules.get(0).get("name"));
        assertEquals(Map.of("attribute", "email", "operator", "ends_with", "value", "@acme.example"),
                ((List<?>) rules.get(0).get("conditions")).get(0));
        assertEquals(50, flags.get("max-items").get("default_value")); // staging
        assertEquals(Map.of("value", "HELLO", "weight", 50),
                ((Map<?, ?>) flags.get("banner-text").get("variants")).get("loud"));
    }

    @Test
    void resolveSelectedKeysAsJson() throws Exception {
        Cli cli = run("resolve", "--env", "production", "checkout", "max-items", "--format", "json");

        assertEquals(0, cli.exitCode(), cli.transcript());
        JsonNode flags = new ObjectMapper().readTree(cli.out()).get("flags");
        assertEquals(2, flags.size());
        assertEquals(10, flags.get("checkout").get("rollout_percentage").asInt());
        assertFalse(flags.get("checkout").get("default_value").asBoolean());
        assertEquals(10, flags.get("max-items").get("default_value").asInt());
    }

    @Test
    void resolveOfAnInactiveEnvironmentWorksWithANote() {
        Cli cli = run("resolve", "--env", "qa", "max-items");

        assertEquals(0, cli.exitCode(), cli.transcript());
        assertTrue(cli.err().contains("inactive"), cli.transcript());
        assertTrue(cli.out().contains("default_value: 50"), cli.transcript());
    }

    @Test
    void unknownEnvironmentOrFlagExitsTwoWithASuggestion() {
        Cli env = run("resolve", "--env", "stagng");
        assertEquals(2, env.exitCode(), env.transcript());
        assertTrue(env.err().contains("unknown environment 'stagng' (did you mean 'staging'?)"), env.transcript());
        assertEquals("", env.out());

        Cli flag = run("resolve", "--env", "staging", "chekout", "max-itms");
        assertEquals(2, flag.exitCode(), flag.transcript());
        assertTrue(flag.err().contains("unknown flag 'chekout' (did you mean 'checkout'?)"), flag.transcript());
        assertTrue(flag.err().contains("unknown flag 'max-itms' (did you mean 'max-items'?)"), flag.transcript());

        Cli explain = run("explain", "--env", "dev", "chekout");
        assertEquals(2, explain.exitCode(), explain.transcript());
        assertTrue(explain.err().contains("did you mean 'checkout'?"), explain.transcript());

        Cli missingEnv = run("resolve");
        assertEquals(2, missingEnv.exitCode(), missingEnv.transcript());
        assertTrue(missingEnv.err().contains("--env"), missingEnv.transcript());
    }

    @Test
    void explainNamesTheLayerAndLineOfEachField() {
        Cli cli = run("explain", "--env", "dev", "checkout");

        assertEquals(0, cli.exitCode(), cli.transcript());
        String out = cli.out();
        assertTrue(out.startsWith("checkout in dev\n  chain:  dev -> staging -> production -> base flag\n"),
                cli.transcript());
        assertTrue(out.contains("""
                rollout_percentage: 100
                  from:   environment staging at environments/staging.yaml:5
                  walked: dev (inherits) -> staging = 100 (wins) -> production = 10 (shadowed) -> base = 5 (shadowed)
                """), cli.transcript());
        assertTrue(out.contains("""
                default_value: true
                  from:   environment dev at environments/dev.yaml:5
                """), cli.transcript());
        assertTrue(out.contains("""
                rules: 1 rule
                    1. staff (priority 10): email ends_with "@acme.example" -> serve true
                  from:   base flag at flags/main.yaml:"""), cli.transcript());
        assertTrue(out.contains("  type:   boolean"), cli.transcript());
    }

    @Test
    void explainJsonCarriesProvenanceAndTheWalk() throws Exception {
        Cli cli = run("explain", "--env", "staging", "max-items", "--format", "json");

        assertEquals(0, cli.exitCode(), cli.transcript());
        JsonNode field = new ObjectMapper().readTree(cli.out()).get("fields").get("default_value");
        assertEquals(50, field.get("value").asInt());
        assertEquals("staging", field.get("environment").asText());
        assertEquals("environments/staging.yaml", field.get("file").asText());
        assertEquals(7, field.get("line").asInt());
        JsonNode walked = field.get("walked");
        assertEquals(3, walked.size()); // staging, production, base
        assertTrue(walked.get(0).get("sets").asBoolean());
        assertFalse(walked.get(1).get("sets").asBoolean());
        assertTrue(walked.get(2).get("environment").isNull());
    }
}
