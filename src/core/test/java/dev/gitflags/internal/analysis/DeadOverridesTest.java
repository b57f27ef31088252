package dev.gitflags.internal.analysis;

import dev.gitflags.internal.LoadResult;
import dev.gitflags.internal.Snapshot;
import dev.gitflags.internal.analysis.DeadOverrides.Cause;
import dev.gitflags.internal.analysis.DeadOverrides.DeadField;
import dev.gitflags.internal.load.ConfigSource;
import dev.gitflags.internal.load.ConfigSources;
import dev.gitflags.internal.load.Loader;
import dev.gitflags.internal.model.FlagField;
import dev.gitflags.internal.model.Origin;
import dev.gitflags.testing.TestFiles;
import dev.gitflags.testing.TestRepo;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@link DeadOverrides} on real repositories, committed with git and read at their commit. */
class DeadOverridesTest {

    private static final Path CORPUS = Path.of("src/core/test/resources/broken/W_DEAD_OVERRIDE");

    @TempDir
    Path dir;

    private Snapshot committed(Path folder) throws Exception {
        try (TestRepo repo = TestRepo.init(dir.resolve("repo")).copyFrom(folder)) {
            repo.commit("config");
        }
        try (ConfigSource source = ConfigSources.open(dir.resolve("repo"), "HEAD")) {
            LoadResult result = new Loader().load(source);
            assertTrue(result.isValid(), result.problems()::toString);
            return result.snapshot();
        }
    }

    private Path copyOfCorpus(String file, String text) {
        Path copy = TestFiles.copy(CORPUS, dir.resolve("copy"));
        TestFiles.write(copy, file, text);
        return copy;
    }

    @Test
    void theExampleRepoHasOneOverrideNoRequestSees() throws Exception {
        // dev sets default_value: true, but staging's 100 % rollout answers every request (keyed or not) first
        assertEquals(List.of(new DeadField("dev", "new-checkout", FlagField.DEFAULT_VALUE,
                        new Origin("environments/dev.yaml", 14, 5), Cause.NO_EFFECT,
                        List.of("dev", "feature-checkout-v2"))),
                DeadOverrides.find(committed(Path.of("example-repo"))));
    }

    @Test
    void eachCauseIsFoundWhereTheCorpusPutsIt() throws Exception {
        assertEquals(List.of(
                new DeadField("production", "button-color", FlagField.ROLLOUT_PERCENTAGE,
                        new Origin("environments/production.yaml", 7, 5), Cause.NO_EFFECT,
                        List.of("production", "eu", "qa-eu", "staging")),
                new DeadField("production", "limit", FlagField.DEFAULT_VALUE,
                        new Origin("environments/production.yaml", 9, 5), Cause.SAME_AS_INHERITED,
                        List.of("production", "eu", "staging")),
                new DeadField("eu", "new-checkout", FlagField.RULES, new Origin("environments/eu.yaml", 4, 5),
                        Cause.FLAG_DISABLED, List.of("eu")),
                new DeadField("qa", "limit", FlagField.DEFAULT_VALUE, new Origin("environments/qa.yaml", 5, 5),
                        Cause.SHADOWED, List.of())),
                DeadOverrides.find(committed(CORPUS)));
    }

    @Test
    void rulesOfADisabledEnvironmentLiveWhileAServedChildEnablesTheFlagAgain() throws Exception {
        // production's rules: [] stays live through staging; once staging is not served, nothing served reads it
        Path notServed = copyOfCorpus("gitflags.yaml",
                "default_environment: production\nallowed_environments: [production, eu, qa-eu]\n");
        DeadField rules = DeadOverrides.find(committed(notServed)).stream()
                .filter(dead -> dead.environment().equals("production") && dead.field() == FlagField.RULES)
                .findFirst().orElseThrow();
        assertEquals(Cause.FLAG_DISABLED, rules.cause());
        assertEquals(List.of("production", "qa-eu"), rules.served()); // eu sets rules itself
    }

    @Test
    void anEnvironmentNothingServedSeesThroughIsNotAnalysed() throws Exception {
        assertTrue(DeadOverrides.find(committed(CORPUS)).stream().noneMatch(d -> d.environment().equals("retired")));

        Path active = copyOfCorpus("environments/retired.yaml", Files.readString(CORPUS.resolve(
                "environments/retired.yaml")).replace("active: false", "active: true"));
        assertTrue(DeadOverrides.find(committed(active)).contains(new DeadField("retired", "limit",
                FlagField.DEFAULT_VALUE, new Origin("environments/retired.yaml", 6, 5), Cause.SAME_AS_INHERITED,
                List.of("retired"))));
    }

    @Test
    void withInheritanceOffOnlyTheEnvironmentItselfCounts() throws Exception {
        Path off = copyOfCorpus("gitflags.yaml", "default_environment: production\ninheritance: false\n");
        List<DeadField> dead = DeadOverrides.find(committed(off));

        // each environment stands alone on the base flag: production's and qa's children no longer count
        assertEquals(List.of(
                new DeadField("production", "new-checkout", FlagField.RULES,
                        new Origin("environments/production.yaml", 5, 5), Cause.FLAG_DISABLED, List.of("production")),
                new DeadField("production", "button-color", FlagField.ROLLOUT_PERCENTAGE,
                        new Origin("environments/production.yaml", 7, 5), Cause.NO_EFFECT, List.of("production")),
                new DeadField("production", "limit", FlagField.DEFAULT_VALUE,
                        new Origin("environments/production.yaml", 9, 5), Cause.SAME_AS_INHERITED,
                        List.of("production")),
                // eu's rule is the base flag's staff rule under another name: it answers every request alike
                new DeadField("eu", "new-checkout", FlagField.RULES, new Origin("environments/eu.yaml", 4, 5),
                        Cause.NO_EFFECT, List.of("eu")),
                new DeadField("staging", "new-checkout", FlagField.ENABLED,
                        new Origin("environments/staging.yaml", 4, 5), Cause.SAME_AS_INHERITED, List.of("staging"))),
                dead);
    }
}
