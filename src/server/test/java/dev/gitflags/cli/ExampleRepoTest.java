package dev.gitflags.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gitflags.testing.Cli;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The bundled example-repo/ (as on disk): valid with its one documented warning, resolving as the README says. */
class ExampleRepoTest {

    /** example-repo/ of this project, found from the test's working directory upwards. */
    static Path exampleRepo() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path candidate = dir.resolve("example-repo");
            if (Files.isRegularFile(candidate.resolve("gitflags.yaml"))) {
                return candidate;
            }
        }
        throw new IllegalStateException("example-repo/ not found above " + Path.of("").toAbsolutePath());
    }

    private static JsonNode resolve(String environment, String... keys) throws Exception {
        String[] args = new String[6 + keys.length];
        String[] head = {"resolve", "--repo", exampleRepo().toString(), "--format", "json", "--env=" + environment};
        System.arraycopy(head, 0, args, 0, head.length);
        System.arraycopy(keys, 0, args, head.length, keys.length);
        Cli cli = Cli.run(args);
        assertEquals(0, cli.exitCode(), cli.transcript());
        return new ObjectMapper().readTree(cli.out()).get("flags");
    }

    /**
     * Valid, with the one warning the README shows: dev's default_value of new-checkout is never served. As of the
     * day the example's expiry dates were set, so that no flag of it has expired yet.
     */
    @Test
    void validatesWithTheDocumentedWarning() {
        Cli cli = Cli.run("validate", "--repo", exampleRepo().toString(), "--as-of", "2026-12-01");

        assertEquals(0, cli.exitCode(), cli.transcript());
        List<String> lines = cli.out().lines().toList();
        assertEquals(2, lines.size(), cli.transcript());
        assertTrue(lines.get(0).startsWith("environments/dev.yaml:14:5: warning: default_value of 'new-checkout' in dev"
                + " can never take effect: ") && lines.get(0).endsWith("[W_DEAD_OVERRIDE]"), cli.transcript());
        assertTrue(lines.get(1).startsWith("valid: 14 flags, 6 environments"), cli.transcript());
    }

    @Test
    void everyYamlFileDeclaresItsSchemaForEditors() throws Exception {
        try (var files = Files.walk(exampleRepo())) {
            for (Path file : files.filter(path -> path.toString().endsWith(".yaml")).toList()) {
                String first = Files.readAllLines(file).get(0);
                String kind = file.getFileName().toString().equals("gitflags.yaml") ? "gitflags"
                        : file.getParent().getFileName().toString().equals("flags") ? "flags" : "environment";
                String relative = exampleRepo().getParent().relativize(file).toString();
                assertTrue(first.matches("# yaml-language-server: \\$schema=(\\.\\./)+schema/" + kind
                        + "\\.schema\\.json"), relative + ": " + first);
                Path schema = file.getParent().resolve(first.substring(first.indexOf('=') + 1)).normalize();
                assertTrue(Files.isRegularFile(schema), relative + " points at a missing schema " + schema);
            }
        }
    }

    @Test
    void envsShowsTheDocumentedTree() {
        Cli cli = Cli.run("envs", "--repo", exampleRepo().toString());

        assertEquals(0, cli.exitCode(), cli.transcript());
        assertTrue(cli.out().startsWith("""
                production [default]  Production (2 overrides)
                |-- eu-production  EU production (3 overrides)
                `-- staging  Staging (4 overrides)
                    |-- dev  Development (4 overrides)
                    |   `-- feature-checkout-v2  Feature: checkout v2 (2 overrides)
                    `-- qa-legacy [inactive]  Legacy QA (1 override)
                """), cli.transcript());
    }

    @Test
    void productionStagingDevChainResolvesAsDocumented() throws Exception {
        JsonNode production = resolve("production", "new-checkout", "api-rate-limit");
        JsonNode staging = resolve("staging", "new-checkout", "api-rate-limit");
        JsonNode dev = resolve("dev", "new-checkout", "api-rate-limit");

        // new-checkout: base rollout 5, production 10, staging 100, dev inherits 100 and sets default_value true.
        assertEquals(10, production.get("new-checkout").get("rollout_percentage").asInt());
        assertFalse(production.get("new-checkout").get("default_value").asBoolean());
        assertEquals(100, staging.get("new-checkout").get("rollout_percentage").asInt());
        assertFalse(staging.get("new-checkout").get("default_value").asBoolean());
        assertEquals(100, dev.get("new-checkout").get("rollout_percentage").asInt());
        assertTrue(dev.get("new-checkout").get("default_value").asBoolean());
        // Rules are never overridden along this chain: all three see the base flag's two rules.
        assertEquals(2, dev.get("new-checkout").get("rules").size());

        // api-rate-limit: base 600 in production, 3000 from staging, inherited by dev.
        assertEquals(600, production.get("api-rate-limit").get("default_value").asInt());
        assertEquals(3000, staging.get("api-rate-limit").get("default_value").asInt());
        assertEquals(3000, dev.get("api-rate-limit").get("default_value").asInt());
    }

    @Test
    void regionalAndFeatureEnvironmentsOverrideOnlyWhatDiffers() throws Exception {
        JsonNode eu = resolve("eu-production", "new-checkout", "payment-providers");
        assertFalse(eu.get("new-checkout").get("enabled").asBoolean());
        assertEquals(10, eu.get("new-checkout").get("rollout_percentage").asInt()); // from production
        assertEquals("[\"card\",\"sepa\",\"paypal\"]",
                eu.get("payment-providers").get("default_value").get("providers").toString());

        JsonNode feature = resolve("feature-checkout-v2", "checkout-button-color", "new-checkout");
        assertEquals("green", feature.get("checkout-button-color").get("default_value").asText());
        assertEquals(1, feature.get("checkout-button-color").get("variants").size()); // replaced whole
        assertTrue(feature.get("new-checkout").get("default_value").asBoolean());      // from dev
    }

    @Test
    void explainShowsWhereDevGetsItsRollout() {
        Cli cli = Cli.run("explain", "--repo", exampleRepo().toString(), "--env", "dev", "new-checkout");

        assertEquals(0, cli.exitCode(), cli.transcript());
        assertTrue(cli.out().contains("walked: dev (inherits) -> staging = 100 (wins) -> production = 10 (shadowed)"
                + " -> base = 5 (shadowed)"), cli.transcript());
    }
}
