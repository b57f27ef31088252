package dev.gitflags.internal.flagd;

import dev.gitflags.internal.Snapshot;
import dev.gitflags.testing.TestRepo;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The flagd export: valid against flagd's schema, and every flag it cannot reproduce exactly named and left out. */
class FlagdExportTest {

    @Test
    void everyServedEnvironmentOfTheExampleRepoValidatesAgainstFlagdsSchema(@TempDir Path dir) {
        Snapshot snapshot = exampleRepo(dir);
        for (String environment : snapshot.environments().keySet()) {
            if (!snapshot.serves(environment)) {
                continue;
            }
            FlagdExport.Result result = FlagdExport.of(snapshot, environment);
            assertEquals(List.of(), FlagdSchemas.errors(result.document()), environment);
            Map<?, ?> flags = (Map<?, ?>) result.document().get("flags");
            assertEquals(snapshot.flagKeys().size(), flags.size() + result.omitted().size(), environment);
            assertEquals(Map.of("flagSetId", environment),
                    result.document().get("metadata"));
        }
    }

    @Test
    void theSchemaCheckRejectsWhatFlagdWouldReject() {
        // the check has teeth: a flag without variants and a numeric state are errors
        Map<String, Object> broken = Map.of("flags", Map.of("f", Map.of("state", 1, "defaultVariant", "x")));
        assertFalse(FlagdSchemas.errors(broken).isEmpty());
    }

    @Test
    void flagsFlagdCannotReproduceAreNamedWithTheirReason(@TempDir Path dir) {
        Snapshot snapshot = exampleRepo(dir);
        Map<String, String> omitted = FlagdExport.of(snapshot, "production").omitted().stream()
                .collect(Collectors.toMap(FlagdExport.Omission::flag, FlagdExport.Omission::reason));
        assertTrue(omitted.get("promo-discount-percent").contains("no date operator"), omitted.toString());
        omitted.values().forEach(reason -> assertFalse(reason.isBlank()));
    }

    @Test
    void eachKnownGapIsLeftOutWithItsReason(@TempDir Path dir) {
        TestRepo repo = TestRepo.init(dir)
                .write("gitflags.yaml", "default_environment: production\n")
                .write("environments/production.yaml", "name: Production\n")
                .write("flags/flags.yaml", """
                        flags:
                          regex:
                            type: boolean
                            default_value: false
                            rules:
                              - name: r
                                conditions: [{ attribute: email, operator: matches, value: "@acme" }]
                                serve: { enabled: true }
                          dated:
                            type: boolean
                            default_value: false
                            rules:
                              - name: r
                                conditions: [{ attribute: now, operator: date_after, value: "2026-01-01" }]
                                serve: { enabled: true }
                          versioned:
                            type: boolean
                            default_value: false
                            rules:
                              - name: r
                                conditions: [{ attribute: app, operator: semver_gt, value: "1.2.0" }]
                                serve: { enabled: true }
                          mixed:
                            type: json
                            default_value: { a: 1 }
                            rules:
                              - name: r
                                conditions: [{ attribute: plan, operator: eq, value: pro }]
                                serve: { enabled: true, value: [1, 2] }
                          rolled:
                            type: boolean
                            default_value: false
                            rollout_percentage: 30
                          dotted:
                            type: boolean
                            default_value: false
                            rules:
                              - name: r
                                conditions: [{ attribute: user.plan, operator: eq, value: pro }]
                                serve: { enabled: true }
                          plain:
                            type: boolean
                            default_value: false
                            enabled: false
                        """);
        repo.commit("gaps");
        FlagdExport.Result result = FlagdExport.of(repo.snapshot("HEAD"), "production");
        Map<String, String> omitted = result.omitted().stream()
                .collect(Collectors.toMap(FlagdExport.Omission::flag, FlagdExport.Omission::reason));
        assertTrue(omitted.get("regex").contains("no regular-expression operator"), omitted.toString());
        assertTrue(omitted.get("dated").contains("no date operator"), omitted.toString());
        assertTrue(omitted.get("versioned").contains("sem_ver"), omitted.toString());
        assertTrue(omitted.get("mixed").contains("only JSON objects"), omitted.toString());
        assertTrue(omitted.get("rolled").contains("bucketing: flagd"), omitted.toString());
        assertTrue(omitted.get("dotted").contains("path"), omitted.toString());
        assertEquals(6, omitted.size(), omitted.toString());
        // enabled: false is not state DISABLED (flagd would act as if the flag did not exist): it serves false
        Map<?, ?> plain = (Map<?, ?>) ((Map<?, ?>) result.document().get("flags")).get("plain");
        assertEquals("ENABLED", plain.get("state"));
        assertEquals(Map.of("value:false", false), plain.get("variants"));
        assertEquals("value:false", plain.get("defaultVariant"));
        assertEquals(List.of(), FlagdSchemas.errors(result.document()));
    }

    /** example-repo/ committed with bucketing: flagd, so its rollouts and splits can be exported. */
    static Snapshot exampleRepo(Path dir) {
        TestRepo repo = TestRepo.init(dir).copyFrom(Path.of("example-repo"));
        try {
            repo.write("gitflags.yaml", java.nio.file.Files.readString(Path.of("example-repo/gitflags.yaml"))
                    + "\nbucketing: flagd\n");
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        repo.commit("example");
        return repo.snapshot("HEAD");
    }
}
