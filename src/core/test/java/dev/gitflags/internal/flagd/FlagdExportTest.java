package dev.gitflags.internal.flagd;

import dev.gitflags.internal.Snapshot;
import dev.gitflags.testing.Fixtures;
import dev.gitflags.testing.TestRepo;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.Arrays;
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
        Map<String, String> omitted = reasons(FlagdExport.of(snapshot, "production"));
        assertTrue(omitted.get("promo-discount-percent").contains("no date operator"), omitted.toString());
        omitted.values().forEach(reason -> assertFalse(reason.isBlank()));
    }

    @Test
    void eachKnownGapIsLeftOutWithItsReason(@TempDir Path dir) {
        FlagdExport.Result result = exported(dir, """
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
        Map<String, String> omitted = reasons(result);
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

    @Test
    void containsWithAStringOperandIsWrittenAsSubstringOfAShortStringElseStrictMembership(@TempDir Path dir) {
        Snapshot snapshot = Fixtures.FlagdContains.repo(dir).snapshot("HEAD");
        Map<?, ?> flags = (Map<?, ?>) FlagdExport.of(snapshot, "production").document().get("flags");
        Map<String, Object> groups = Map.of("var", "groups");
        String pad = " ".repeat(8);
        Object shortEnough = Map.of("starts_with", List.of(pad,
                Map.of("substr", List.of(Map.of("cat", List.of(groups, pad)), 8))));
        Object contains = Map.of("if", List.of(
                Map.of("starts_with", List.of(groups, "")),
                Map.of("and", List.of(shortEnough, Map.of("in", List.of("staff", groups)))),
                Map.of("in", List.of("staff", Map.of("merge", List.of(groups, List.of()))))));
        assertEquals(Map.of("if", Arrays.asList(contains, "value:true", null)),
                ((Map<?, ?>) flags.get("staff-tools")).get("targeting"));
        // the empty operand: every short string (flagd-core's in says no for "" in ""), or a list holding ""
        Map<String, Object> note = Map.of("var", "note");
        Object noteShortEnough = Map.of("starts_with", List.of(pad,
                Map.of("substr", List.of(Map.of("cat", List.of(note, pad)), 8))));
        Object anyText = Map.of("if", List.of(Map.of("starts_with", List.of(note, "")), noteShortEnough,
                Map.of("in", List.of("", Map.of("merge", List.of(note, List.of()))))));
        assertEquals(Map.of("if", Arrays.asList(anyText, "value:true", null)),
                ((Map<?, ?>) flags.get("any-text")).get("targeting"));
        assertEquals(List.of(), FlagdSchemas.errors(FlagdExport.of(snapshot, "production").document()));
    }

    @Test
    void containsAndNotContainsWithANumberOrBooleanOperandAreLeftOutWithTheirReason(@TempDir Path dir) {
        FlagdExport.Result result = exported(dir, """
                        flags:
                          numbered:
                            type: boolean
                            default_value: false
                            rules:
                              - name: r
                                conditions: [{ attribute: seats, operator: contains, value: 5 }]
                                serve: { enabled: true }
                          flagged:
                            type: boolean
                            default_value: false
                            rules:
                              - name: r
                                conditions: [{ attribute: answers, operator: contains, value: true }]
                                serve: { enabled: true }
                          outsider:
                            type: boolean
                            default_value: false
                            rules:
                              - name: r
                                conditions: [{ attribute: seats, operator: not_contains, value: 5 }]
                                serve: { enabled: true }
                        """);
        Map<String, String> omitted = reasons(result);
        assertTrue(omitted.get("numbered").contains("'seats contains 5': only a string operand is exported"),
                omitted.toString());
        assertTrue(omitted.get("numbered").contains("\"a5b\" contains 5"), omitted.toString());
        assertTrue(omitted.get("flagged").contains("'answers contains true': only a string operand"),
                omitted.toString());
        assertTrue(omitted.get("outsider").contains("'seats not_contains 5': only a string operand"),
                omitted.toString());
        assertEquals(3, omitted.size(), omitted.toString());
    }

    /** {@code flagsYaml} as the flags of a repository with one environment, committed, exported for it. */
    private static FlagdExport.Result exported(Path dir, String flagsYaml) {
        TestRepo repo = TestRepo.init(dir)
                .write("gitflags.yaml", "default_environment: production\n")
                .write("environments/production.yaml", "name: Production\n")
                .write("flags/flags.yaml", flagsYaml);
        repo.commit("flags");
        return FlagdExport.of(repo.snapshot("HEAD"), "production");
    }

    /** Each omitted flag's reason. */
    private static Map<String, String> reasons(FlagdExport.Result result) {
        return result.omitted().stream()
                .collect(Collectors.toMap(FlagdExport.Omission::flag, FlagdExport.Omission::reason));
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
