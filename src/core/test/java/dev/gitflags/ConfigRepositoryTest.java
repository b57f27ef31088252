package dev.gitflags;

import dev.gitflags.testing.Fixtures;
import dev.gitflags.testing.TestRepo;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The public API end to end on real git repositories: open, load, list, resolve, evaluate, compare (issue 12). */
class ConfigRepositoryTest {

    @TempDir
    Path dir;

    @Test
    void aBareRepositorysSubfolderLoadsAtARefWithoutCheckout() {
        try (TestRepo repo = TestRepo.init(dir.resolve("work"))) {
            Fixtures.Serving.files().forEach((path, text) -> repo.write("config/" + path, text));
            String commit = repo.commit("flags below config/").name();
            repo.bareClone(dir.resolve("bare.git")).close();

            Snapshot snapshot = load(ConfigRepository.gitRef(dir.resolve("bare.git"), "main").subfolder("config"));

            assertEquals(Optional.of(commit), snapshot.commit());
            assertEquals("Welcome to staging",
                    snapshot.evaluate("staging", "banner-text", Context.empty()).value());
        }
    }

    @Test
    void aWorkingTreeLoadsAsItIsOnDisk() {
        try (TestRepo repo = Fixtures.Serving.repo(dir)) {
            repo.write("environments/dev.yaml", Fixtures.Serving.DEV.replace("1000", "7"));

            Snapshot snapshot = load(ConfigRepository.workingTree(dir));

            assertEquals(Optional.empty(), snapshot.commit());
            assertEquals(7L, snapshot.evaluate("dev", "max-items", null).value());
        }
    }

    @Test
    void anInvalidRepositoryGivesLocatedProblemsAndNoSnapshot() throws IOException {
        try (TestRepo repo = Fixtures.Serving.repo(dir)) {
            repo.write("environments/staging.yaml", Fixtures.Serving.STAGING.replace("banner-text", "banner-txt"));
            repo.commit("a typo");

            LoadOutcome outcome = ConfigRepository.gitRef(dir, "HEAD").load();

            assertFalse(outcome.isValid());
            Problem problem = outcome.errors().get(0);
            assertEquals("E_UNKNOWN_FLAG", problem.code());
            assertEquals(Problem.Severity.ERROR, problem.severity());
            assertEquals("environments/staging.yaml", problem.file());
            assertEquals(4, problem.line());
            assertEquals(3, problem.column());
            assertTrue(problem.hint().contains("banner-text"), problem.hint());
            assertEquals(repo.head(), outcome.version());
            IllegalStateException thrown = assertThrows(IllegalStateException.class, outcome::orThrow);
            assertTrue(thrown.getMessage().contains("environments/staging.yaml:4:3"), thrown.getMessage());
        }
    }

    @Test
    void boundToOneEnvironmentALoadReadsOnlyItsChainSoAMistakeElsewhereDoesNotStopIt() throws IOException {
        try (TestRepo repo = Fixtures.Serving.repo(dir)) {
            repo.write("environments/dev.yaml", Fixtures.Serving.DEV + "overrides:\n  no-such-flag:\n    enabled: true\n");
            repo.commit("a mistake in dev only");

            assertFalse(ConfigRepository.gitRef(dir, "HEAD").load().isValid(), "a full load sees dev's mistake");
            Snapshot staging = ConfigRepository.gitRef(dir, "HEAD").environment("staging").load().orThrow();

            assertEquals("Welcome to staging", staging.evaluate("staging", "banner-text", Context.empty()).value());
            assertEquals(Set.of("staging", "production"),
                    Set.copyOf(staging.environments().stream().map(Environment::slug).toList()),
                    "only staging's chain is read and resolved");
        }
    }

    @Test
    void aRefThatNamesNoCommitIsAnIoError() {
        try (TestRepo repo = Fixtures.Serving.repo(dir)) {
            IOException thrown = assertThrows(IOException.class, () -> ConfigRepository.gitRef(dir, "nope").load());
            assertTrue(thrown.getMessage().contains("nope"), thrown.getMessage());
        }
    }

    @Test
    void environmentsListTheirChainAndWhetherTheyAreServed() {
        try (TestRepo repo = Fixtures.Serving.repo(dir)) {
            Snapshot snapshot = load(ConfigRepository.gitRef(dir, "main"));

            assertEquals("production", snapshot.defaultEnvironment());
            assertEquals(new Environment("dev", "Development", Optional.of("staging"),
                    List.of("dev", "staging", "production"), true, true), snapshot.environment("dev").orElseThrow());
            assertEquals(new Environment("retired", "Retired", Optional.of("production"),
                    List.of("retired", "production"), false, false), snapshot.environment("retired").orElseThrow());
            assertFalse(snapshot.environment("sandbox").orElseThrow().served());
            assertEquals(List.of("production", "retired", "staging", "dev", "sandbox"),
                    snapshot.environments().stream().map(Environment::slug).toList());
        }
    }

    @Test
    void resolveExplainsWhichLayerSuppliedEachField() {
        try (TestRepo repo = Fixtures.Serving.repo(dir)) {
            Resolution resolution = load(ConfigRepository.gitRef(dir, "main")).resolve("dev", "banner-text")
                    .orElseThrow();

            Resolution.Field value = resolution.fields().get("default_value");
            assertEquals("Welcome to staging", value.value());
            assertEquals("staging", value.from());
            assertEquals("environments/staging.yaml", value.file());
            assertEquals(5, value.line());
            assertTrue(resolution.fields().get("enabled").fromBase());
            assertEquals("flags/app.yaml", resolution.fields().get("enabled").file());
            assertEquals(List.of("enabled", "default_value", "rollout_percentage", "rules", "variants"),
                    List.copyOf(resolution.fields().keySet()));
            assertEquals("string", resolution.type());
        }
    }

    @Test
    void evaluationSpeaksOpenFeaturesVocabulary() {
        try (TestRepo repo = Fixtures.Serving.repo(dir)) {
            Snapshot snapshot = load(ConfigRepository.gitRef(dir, "main"));

            Evaluation beta = snapshot.evaluate("production", "new-checkout", Context.of("user-1", Map.of("plan", "beta")));
            assertEquals(true, beta.value());
            assertEquals(Reason.TARGETING_MATCH, beta.reason());
            assertEquals(Map.of("owner", "team-checkout"), beta.metadata());
            Evaluation split = snapshot.evaluate("production", "button-color", Context.of("user-1", Map.of()));
            assertEquals(Reason.SPLIT, split.reason());
            assertEquals(split.value(), split.variant());
            Evaluation missing = snapshot.evaluate("production", "no-such-flag", null);
            assertEquals(ErrorCode.FLAG_NOT_FOUND, missing.errorCode());
            assertEquals(Reason.ERROR, missing.reason());
            assertNull(missing.value());
            assertEquals(ErrorCode.GENERAL, snapshot.evaluate("retired", "banner-text", null).errorCode());
        }
    }

    @Test
    void aBoundFlagEvaluatesAsTheSnapshotDoesAndOnlyServedEnvironmentsBind() {
        try (TestRepo repo = Fixtures.Serving.repo(dir)) {
            Snapshot snapshot = load(ConfigRepository.gitRef(dir, "main"));
            List<Context> contexts = List.of(Context.empty(), Context.of("user-1", Map.of("plan", "beta")),
                    Context.of("user-2", Map.of("plan", "free")), Context.of("user-3", Map.of()));
            for (String environment : List.of("production", "staging", "dev")) {
                for (String key : snapshot.flagKeys()) {
                    BoundFlag flag = snapshot.flag(environment, key).orElseThrow();
                    assertEquals(key, flag.key());
                    for (Context context : contexts) {
                        Evaluation expected = snapshot.evaluate(environment, key, context);
                        assertEquals(expected, flag.evaluate(context), environment + " " + key);
                        assertEquals(expected.type(), flag.type());
                        assertEquals(expected.metadata(), flag.metadata());
                    }
                }
            }
            // only new-checkout's rules name an attribute; button-color's split needs the targeting key alone
            assertTrue(snapshot.flag("production", "new-checkout").orElseThrow().readsAttributes());
            assertFalse(snapshot.flag("production", "button-color").orElseThrow().readsAttributes());
            assertFalse(snapshot.flag("production", "banner-text").orElseThrow().readsAttributes());
            assertEquals(Optional.empty(), snapshot.flag("production", "no-such-flag"));
            assertEquals(Optional.empty(), snapshot.flag("production", null));
            // inactive, not allowed, unknown: what evaluate answers with GENERAL does not bind
            for (String notServed : List.of("retired", "sandbox", "nowhere")) {
                assertEquals(Optional.empty(), snapshot.flag(notServed, "banner-text"), notServed);
            }
        }
    }

    @Test
    void theEvaluatorAsksTheContextOnlyForTheAttributesItsRulesName() {
        try (TestRepo repo = Fixtures.Serving.repo(dir)) {
            Snapshot snapshot = load(ConfigRepository.gitRef(dir, "main"));
            List<String> asked = new ArrayList<>();
            Context lazy = new Context() {
                @Override
                public String targetingKey() {
                    return "user-1";
                }

                @Override
                public Object attribute(String name) {
                    asked.add(name);
                    return "plan".equals(name) ? "beta" : null;
                }
            };

            assertEquals(Reason.TARGETING_MATCH, snapshot.evaluate("staging", "new-checkout", lazy).reason());
            assertEquals(List.of("plan"), asked);
        }
    }

    @Test
    void changedFlagsAreThoseWhoseResolutionDiffersPerEnvironment() {
        try (TestRepo repo = Fixtures.Serving.repo(dir)) {
            Snapshot before = load(ConfigRepository.gitRef(dir, "main"));
            repo.write("environments/staging.yaml", Fixtures.Serving.STAGING.replace("Welcome to staging", "Hi"));
            repo.write("flags/app.yaml", Fixtures.Serving.FLAGS.replace("owner: team-checkout", "owner: team-pay"));
            repo.commit("staging's banner, the checkout's owner");

            Map<String, Set<String>> changed = load(ConfigRepository.gitRef(dir, "main")).changedFlags(before);

            assertEquals(Map.of(
                    "production", Set.of("new-checkout"),
                    "staging", Set.of("banner-text", "new-checkout"),
                    "dev", Set.of("banner-text", "new-checkout"),
                    "retired", Set.of("new-checkout"),
                    "sandbox", Set.of("new-checkout")), changed);
            assertEquals(Map.of(), before.changedFlags(before));
        }
    }

    private static Snapshot load(ConfigRepository repository) {
        try {
            return repository.load().orThrow();
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }
}
