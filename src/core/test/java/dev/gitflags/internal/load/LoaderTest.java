package dev.gitflags.internal.load;

import dev.gitflags.internal.LoadResult;
import dev.gitflags.internal.Snapshot;
import dev.gitflags.internal.graph.Provenance;
import dev.gitflags.internal.graph.ResolvedFlag;
import dev.gitflags.internal.model.Flag;
import dev.gitflags.internal.model.FlagField;
import dev.gitflags.internal.model.FlagType;
import dev.gitflags.internal.model.Origin;
import dev.gitflags.internal.model.Problem;
import dev.gitflags.internal.model.Rule;
import dev.gitflags.internal.model.Variant;
import dev.gitflags.testing.TestFiles;
import dev.gitflags.testing.TestRepo;
import org.eclipse.jgit.revwalk.RevCommit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LoaderTest {

    @TempDir
    Path dir;

    /** The snapshot of a repo that loads with exactly these warnings ({@code CODE file:line:col}), and no error. */
    private Snapshot loadValid(ConfigSource source, String... warnings) {
        LoadResult result = new Loader().load(source);
        assertEquals(List.of(warnings), result.problems().stream().map(p -> p.code() + " " + p.origin()).toList(),
                result.problems()::toString);
        assertTrue(result.isValid());
        return result.snapshot();
    }

    @Test
    void validRepoLoadsSettingsFlagsAndEnvironments() {
        Snapshot snapshot = loadValid(new WorkingTreeSource(TestFiles.write(dir, ValidRepo.files())));

        assertEquals("production", snapshot.settings().defaultEnvironment());
        assertEquals(List.of("production", "staging", "dev"), snapshot.settings().allowedEnvironments());
        assertEquals("X-Env", snapshot.settings().detection().header());
        assertNull(snapshot.settings().detection().queryParam());
        assertEquals(List.of("checkout-button", "max-items", "new-checkout", "theme"), snapshot.flagKeys());
        assertEquals(snapshot.flagKeys(), List.copyOf(snapshot.flags().keySet()));
        assertNull(snapshot.commit());

        Flag theme = snapshot.flags().get("theme");
        assertEquals(FlagType.JSON, theme.type());
        assertEquals(Map.of("dark", true, "colors", List.of("red", "blue")), theme.defaultValue());
        assertEquals(Map.of("owner", "web"), theme.metadata());
        assertEquals(10L, snapshot.flags().get("max-items").defaultValue());
        assertEquals(new Origin("flags/limits.yaml", 2, 3), snapshot.flags().get("max-items").origin());
        assertEquals(List.of("production", "staging", "dev"), snapshot.graph().treeOrder());
        assertEquals(List.of("dev", "staging", "production"), snapshot.chain("dev"));
        assertFalse(snapshot.environment("dev").orElseThrow().active());
        assertEquals(Map.of("region", "eu"), snapshot.environment("production").orElseThrow().settings());
    }

    @Test
    void rulesAreSortedByPriorityKeepingFileOrderAndVariantsByKey() {
        Snapshot snapshot = loadValid(new WorkingTreeSource(TestFiles.write(dir, ValidRepo.files())));
        Flag button = snapshot.flags().get("checkout-button");

        assertEquals(List.of("beta users", "also-1", "later"), button.rules().stream().map(Rule::name).toList());
        assertEquals(List.of("green", "red"), button.variants().stream().map(Variant::key).toList());
        Rule beta = button.rules().get(0);
        assertEquals("plan", beta.conditions().get(0).attribute());
        assertTrue(beta.conditions().get(0).matcher().matches("pro"));
        assertFalse(beta.conditions().get(0).matcher().matches("free"));
        assertEquals("red", beta.serve().variant());
        assertEquals("yellow", button.rules().get(2).serve().value());
        assertEquals(new Origin("flags/checkout.yaml", 16, 9), button.rules().get(2).origin());
    }

    @Test
    void inheritanceResolvesEachFieldFromTheNearestLayerWithProvenance() {
        Snapshot snapshot = loadValid(new WorkingTreeSource(TestFiles.write(dir, ValidRepo.files())));

        ResolvedFlag devCheckout = snapshot.flag("dev", "new-checkout").orElseThrow();
        assertTrue(devCheckout.enabled());
        assertEquals(50, devCheckout.rolloutPercentage());
        assertEquals(new Provenance("production", new Origin("environments/production.yaml", 5, 5)),
                devCheckout.provenanceOf(FlagField.ENABLED));
        assertEquals(new Provenance("staging", new Origin("environments/staging.yaml", 4, 5)),
                devCheckout.provenanceOf(FlagField.ROLLOUT_PERCENTAGE));
        assertEquals(new Provenance(null, new Origin("flags/checkout.yaml", 6, 5)),
                devCheckout.provenanceOf(FlagField.DEFAULT_VALUE));

        assertEquals(99L, snapshot.flag("dev", "max-items").orElseThrow().defaultValue());
        assertEquals(20L, snapshot.flag("staging", "max-items").orElseThrow().defaultValue());
        assertEquals(List.of("purple"), snapshot.flag("dev", "checkout-button").orElseThrow().variants().stream()
                .map(Variant::key).toList());
        // Not overridden anywhere: one shared object.
        assertSame(snapshot.flag("production", "theme").orElseThrow(), snapshot.flag("dev", "theme").orElseThrow());
    }

    @Test
    void nullOverrideFieldsInherit() {
        Snapshot snapshot = loadValid(new WorkingTreeSource(TestFiles.write(dir, ValidRepo.files())));
        assertFalse(snapshot.environment("staging").orElseThrow().overrides().get("new-checkout").sets(FlagField.ENABLED));
    }

    @Test
    void loadsFromAGitCommitWithItsSha() throws Exception {
        TestFiles.write(dir, ValidRepo.files());
        try (TestRepo repo = TestRepo.init(dir)) {
            RevCommit commit = repo.commit("config");
            try (ConfigSource source = ConfigSources.open(dir, "main")) {
                Snapshot snapshot = loadValid(source);
                assertEquals(commit.name(), snapshot.commit());
                assertEquals(4, snapshot.flags().size());
            }
        }
    }

    @Test
    void snapshotCollectionsAreImmutable() {
        Snapshot snapshot = loadValid(new WorkingTreeSource(TestFiles.write(dir, ValidRepo.files())));
        assertThrows(UnsupportedOperationException.class, () -> snapshot.flags().remove("theme"));
        assertThrows(UnsupportedOperationException.class, () -> snapshot.environments().clear());
        assertThrows(UnsupportedOperationException.class, () -> snapshot.flagKeys().add("x"));
    }

    @Test
    void withInheritanceOffAnEnvironmentSeesOnlyItsOwnOverridesThenTheBase() {
        Map<String, String> files = new java.util.HashMap<>(ValidRepo.files());
        files.put("gitflags.yaml", "default_environment: production\ninheritance: false\n");
        // staging no longer gets enabled: true from production, so its rollout can never take effect
        Snapshot snapshot = loadValid(new WorkingTreeSource(TestFiles.write(dir, files)),
                "W_DEAD_OVERRIDE environments/staging.yaml:4:5");

        assertFalse(snapshot.settings().inheritance());
        assertEquals("env", snapshot.settings().detection().queryParam());
        assertEquals(List.of(), snapshot.settings().allowedEnvironments());
        ResolvedFlag staging = snapshot.flag("staging", "new-checkout").orElseThrow();
        assertFalse(staging.enabled());
        assertEquals(50, staging.rolloutPercentage());
        assertEquals(10L, snapshot.flag("staging", "max-items").orElseThrow().defaultValue());
    }

    @Test
    void anEmptyEnvironmentFileDeclaresAnEnvironmentWithDefaultsAndIsAWarning() {
        Map<String, String> files = new java.util.HashMap<>(ValidRepo.files());
        files.put("environments/qa.yaml", "");
        Snapshot snapshot = loadValid(new WorkingTreeSource(TestFiles.write(dir, files)),
                "W_EMPTY_ENVIRONMENT environments/qa.yaml:1:1");
        var qa = snapshot.environment("qa").orElseThrow();
        assertEquals("qa", qa.name());
        assertTrue(qa.active());
        assertNull(qa.parent());
        assertEquals(List.of("dev", "production", "qa", "staging"), List.copyOf(snapshot.environments().keySet()));
    }

    @Test
    void filesOverTheLimitAreReportedWithoutBeingRead() throws Exception {
        Map<String, String> files = new java.util.HashMap<>(ValidRepo.files());
        files.put("flags/huge.yaml", "flags:\n" + "# padding\n".repeat(200));
        TestFiles.write(dir, files);
        try (TestRepo repo = TestRepo.init(dir)) {
            repo.commit("config");
        }
        try (ConfigSource source = ConfigSources.open(dir, "HEAD")) {
            LoadResult result = new Loader(LoadLimits.DEFAULT.withMaxFileBytes(1000)).load(source);
            assertEquals(List.of("E_LIMIT flags/huge.yaml:1:1"),
                    result.problems().stream().map(p -> p.code() + " " + p.origin()).toList());
            assertTrue(result.problems().get(0).message().contains("more than the limit of 1000"));
        }
    }

    @Test
    void filesOutsideTheLayoutAreIgnored() {
        Map<String, String> files = new java.util.HashMap<>(ValidRepo.files());
        files.put("README.md", "# not config");
        files.put("flags/notes.txt", "not yaml");
        files.put("docs/example.yaml", "not: [valid");
        files.put(".github/workflows/ci.yaml", "on: push");
        Snapshot snapshot = loadValid(new WorkingTreeSource(TestFiles.write(dir, files)));
        assertEquals(4, snapshot.flags().size());
    }

    @Test
    void yamlInFlagsOrEnvironmentsThatWouldNotBeReadIsReportedUnread() {
        Map<String, String> files = new java.util.HashMap<>(ValidRepo.files());
        files.put("flags/search.yml", "flags:\n  search-v2:\n    type: boolean\n");
        files.put("environments/eu/production.yaml", "name: EU\n");
        LoadResult result = new Loader().load(new WorkingTreeSource(TestFiles.write(dir, files)));
        assertEquals(List.of(
                "environments/eu/production.yaml:1:1: environments/eu/production.yaml is not read: gitflags reads the "
                        + "*.yaml files directly in flags/ and environments/ (move it to environments/production.yaml, "
                        + "or out of environments/ if it is not config) [E_IGNORED_FILE]",
                "flags/search.yml:1:1: flags/search.yml is not read: gitflags reads the *.yaml files directly in "
                        + "flags/ and environments/ (rename it to flags/search.yaml) [E_IGNORED_FILE]"),
                result.problems().stream().map(Problem::toString).sorted().toList());
    }

    @Test
    void integralDecimalsCountAsIntegersLikeInJsonSchema() {
        Map<String, String> files = new java.util.HashMap<>(ValidRepo.files());
        files.put("flags/split.yaml", """
                flags:
                  split:
                    type: string
                    default_value: a
                    rollout_percentage: 25.0
                    variants:
                      a: {value: a, weight: 50.0}
                      b: {value: b, weight: 50}
                """);
        Snapshot snapshot = loadValid(new WorkingTreeSource(TestFiles.write(dir, files)));
        assertEquals(25, snapshot.flags().get("split").rolloutPercentage());
        assertEquals(50, snapshot.flags().get("split").variants().get(0).weight());
    }

    @Test
    void variantsServedByRulesAreCheckedWhereTheyResolveIncludingInheritedOnes() {
        Map<String, String> files = new java.util.HashMap<>(ValidRepo.files());
        // staging serves 'red' by a new rule: fine, the variants come from the base flag.
        files.put("environments/staging.yaml", """
                parent: production
                overrides:
                  checkout-button:
                    rules:
                      - name: staging red
                        serve: red
                """);
        assertTrue(new Loader().load(new WorkingTreeSource(TestFiles.write(dir, files))).isValid());

        // dev replaces the variants with purple only; the rule it inherits from staging still serves red.
        files.put("environments/dev.yaml", """
                parent: staging
                overrides:
                  checkout-button:
                    variants:
                      purple: {value: purple, weight: 100}
                """);
        LoadResult result = new Loader().load(new WorkingTreeSource(TestFiles.write(dir, files)));
        assertEquals(List.of("E_UNKNOWN_VARIANT environments/staging.yaml:5:9"),
                result.problems().stream().map(p -> p.code() + " " + p.origin()).toList());
        assertTrue(result.problems().get(0).message().contains("in environment 'dev'"), result.problems().get(0).message());
    }

    /** Issue 10 item 10: such a flag used to be ON in every environment the moment it was merged. */
    @Test
    void aBooleanFlagWithoutDefaultValueIsRefusedWithTheHintToShipItDark() {
        Map<String, String> files = new java.util.HashMap<>(ValidRepo.files());
        files.put("flags/plain.yaml", "flags:\n  plain:\n    type: boolean\n");
        LoadResult result = new Loader().load(new WorkingTreeSource(TestFiles.write(dir, files)));

        assertFalse(result.isValid());
        assertEquals(List.of("E_SCHEMA flags/plain.yaml:2:3"),
                result.problems().stream().map(p -> p.code() + " " + p.origin()).toList());
        Problem problem = result.problems().get(0);
        assertTrue(problem.message().contains("'default_value'"), problem::toString);
        assertEquals("add 'default_value: false' to ship the flag dark, off until a rule or rollout turns it on",
                problem.hint());
    }

    @Test
    void aFlagOfAnotherTypeWithoutDefaultValueGetsTheGeneralHint() {
        Map<String, String> files = new java.util.HashMap<>(ValidRepo.files());
        files.put("flags/plain.yaml", "flags:\n  plain:\n    type: string\n");
        LoadResult result = new Loader().load(new WorkingTreeSource(TestFiles.write(dir, files)));

        assertEquals("add 'default_value:' with a value of the flag's type", result.problems().get(0).hint());
    }

    @Test
    void aLoadGivesUpAtItsDeadlineBetweenFiles() {
        Map<String, String> files = new TreeMap<>(ValidRepo.files());
        for (int i = 0; i < 30; i++) {
            files.put("flags/extra-" + i + ".yaml", "flags:\n  extra-" + i + ":\n    type: string\n"
                    + "    default_value: x\n");
        }
        WorkingTreeSource tree = new WorkingTreeSource(TestFiles.write(dir, files));
        AtomicInteger reads = new AtomicInteger();
        ConfigSource slowDisk = new ConfigSource() {
            @Override
            public String description() {
                return tree.description();
            }

            @Override
            public String commit() {
                return null;
            }

            @Override
            public List<String> files() throws IOException {
                return tree.files();
            }

            @Override
            public long size(String path) throws IOException {
                return tree.size(path);
            }

            @Override
            public byte[] read(String path) throws IOException {
                reads.incrementAndGet();
                try {
                    Thread.sleep(20);
                } catch (InterruptedException e) {
                    throw new IllegalStateException(e);
                }
                return tree.read(path);
            }
        };

        Deadline.Exceeded exceeded = assertThrows(Deadline.Exceeded.class,
                () -> new Loader().load(slowDisk, FlagScope.ALL, Deadline.after(Duration.ofMillis(100))));
        assertEquals("load exceeded 100ms", exceeded.getMessage());
        assertTrue(reads.get() < files.size(), "stopped after " + reads + " of " + files.size() + " files");
        assertTrue(new Loader().load(tree, FlagScope.ALL, Deadline.after(Duration.ofMinutes(5))).isValid());
    }

    @Test
    void aLoadChecksItsDeadlineWhileResolvingAtEveryEnvironmentAndOverride() {
        // No inheritance, so every environment resolves from the base flags: 40 environments × 30 overrides.
        Map<String, String> files = new TreeMap<>();
        StringBuilder flags = new StringBuilder("flags:\n");
        StringBuilder overrides = new StringBuilder("overrides:\n");
        for (int i = 0; i < 30; i++) {
            flags.append("  flag-").append(i).append(": {type: boolean, default_value: false}\n");
            overrides.append("  flag-").append(i).append(": {enabled: false}\n");
        }
        files.put("gitflags.yaml", "default_environment: env-0\ninheritance: false\n");
        files.put("flags/many.yaml", flags.toString());
        for (int i = 0; i < 40; i++) {
            files.put("environments/env-" + i + ".yaml", overrides.toString());
        }
        WorkingTreeSource tree = new WorkingTreeSource(TestFiles.write(dir, files));
        AtomicInteger checks = new AtomicInteger();

        LoadResult result = new Loader().load(tree, FlagScope.ALL, Deadline.after(Duration.ofDays(1), () -> {
            checks.incrementAndGet();
            return 0;
        }));

        assertTrue(result.isValid(), () -> result.problems().toString());
        // reading checks once per file; only checks inside the resolution reach one per override
        assertTrue(checks.get() >= 40 * 30 + 40, "the deadline was checked " + checks + " times");
    }
}
