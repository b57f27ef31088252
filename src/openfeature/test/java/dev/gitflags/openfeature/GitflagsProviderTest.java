package dev.gitflags.openfeature;

import dev.gitflags.ConfigRepository;
import dev.gitflags.testing.Fixtures;
import dev.gitflags.testing.TestRepo;
import dev.openfeature.sdk.Client;
import dev.openfeature.sdk.ErrorCode;
import dev.openfeature.sdk.EventDetails;
import dev.openfeature.sdk.FlagEvaluationDetails;
import dev.openfeature.sdk.Hook;
import dev.openfeature.sdk.HookContext;
import dev.openfeature.sdk.ImmutableContext;
import dev.openfeature.sdk.NoOpProvider;
import dev.openfeature.sdk.OpenFeatureAPI;
import dev.openfeature.sdk.ProviderState;
import dev.openfeature.sdk.ThreadLocalTransactionContextPropagator;
import dev.openfeature.sdk.Value;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The provider through the real OpenFeature SDK 1.22.0 on real git repositories in temp folders (issue 12). Each
 * test binds its provider to a domain of its own, so the SDK's singleton carries nothing between tests.
 */
class GitflagsProviderTest {

    private static final OpenFeatureAPI API = OpenFeatureAPI.getInstance();

    @TempDir
    Path dir;

    private final String domain = "test-" + UUID.randomUUID();
    private static final Duration WAIT = Duration.ofSeconds(20);

    private ProviderEvents events;

    @AfterEach
    void unbind() {
        // replacing the provider makes the SDK shut it down
        API.setProviderAndWait(domain, new NoOpProvider());
        API.setTransactionContext(new ImmutableContext());
    }

    @Test
    void evaluatesTypedValuesWithReasonsVariantsMetadataAndHooks() {
        try (TestRepo repo = Fixtures.Serving.repo(dir)) {
            Client client = bind(GitflagsProvider.following(ConfigRepository.gitRef(dir, "main"))
                    .environment("production").build());
            List<String> hooks = new CopyOnWriteArrayList<>();
            client.addHooks(new Hook<Object>() {
                @Override
                public Optional<dev.openfeature.sdk.EvaluationContext> before(HookContext<Object> ctx,
                                                                               Map<String, Object> hints) {
                    hooks.add("before " + ctx.getFlagKey());
                    return Optional.empty();
                }

                @Override
                public void after(HookContext<Object> ctx, FlagEvaluationDetails<Object> details,
                                  Map<String, Object> hints) {
                    hooks.add("after " + details.getValue());
                }

                @Override
                public void error(HookContext<Object> ctx, Exception error, Map<String, Object> hints) {
                    hooks.add("error " + ctx.getFlagKey());
                }
            });

            FlagEvaluationDetails<Boolean> beta = client.getBooleanDetails("new-checkout", false,
                    new ImmutableContext("user-1", Map.of("plan", new Value("beta"))));
            assertEquals(true, beta.getValue());
            assertEquals("TARGETING_MATCH", beta.getReason());
            assertNull(beta.getErrorCode());
            assertEquals("team-checkout", beta.getFlagMetadata().getString("owner"));
            assertEquals(List.of("before new-checkout", "after true"), hooks);
            FlagEvaluationDetails<Boolean> noRuleMatched = client.getBooleanDetails("new-checkout", true);
            assertEquals(false, noRuleMatched.getValue());
            assertEquals("DEFAULT", noRuleMatched.getReason());
            assertEquals("STATIC", client.getBooleanDetails("ops.kill-switch", false).getReason());

            FlagEvaluationDetails<String> color = client.getStringDetails("button-color", "none",
                    new ImmutableContext("user-1"));
            assertEquals("SPLIT", color.getReason());
            assertEquals(color.getValue(), color.getVariant());

            assertEquals(50, client.getIntegerValue("max-items", 0));
            assertEquals(50.0, client.getDoubleValue("max-items", 0.0));
            assertEquals(0.15, client.getDoubleValue("discount-rate", 0.0));
            mismatch(client.getIntegerDetails("discount-rate", -1), -1);
            mismatch(client.getStringDetails("new-checkout", "x"), "x");
            mismatch(client.getBooleanDetails("banner-text", false), false);
            mismatch(client.getObjectDetails("banner-text", new Value("x")), new Value("x"));
            mismatch(client.getStringDetails("theme", "x"), "x");
            Value theme = client.getObjectValue("theme", new Value());
            assertEquals("blue", theme.asStructure().getValue("color").asString());
            assertEquals(3, theme.asStructure().getValue("size").asInteger());

            FlagEvaluationDetails<Boolean> missing = client.getBooleanDetails("no-such-flag", true);
            assertEquals(true, missing.getValue());
            assertEquals(ErrorCode.FLAG_NOT_FOUND, missing.getErrorCode());
            assertTrue(hooks.contains("error no-such-flag"), hooks.toString());
        }
    }

    @Test
    void rulesSeeTheContextLayersInTheSdksOrderOfPrecedence() {
        try (TestRepo repo = Fixtures.Serving.repo(dir)) {
            Client client = bind(GitflagsProvider.following(ConfigRepository.workingTree(dir))
                    .environment("production").build());
            ImmutableContext free = new ImmutableContext("user-1", Map.of("plan", new Value("free")));
            ImmutableContext beta = new ImmutableContext(Map.of("plan", new Value("beta")));
            API.setEvaluationContext(beta);
            try {
                assertEquals(false, client.getBooleanValue("new-checkout", false, free), "invocation outranks API");
                assertEquals(true, client.getBooleanValue("new-checkout", false), "the API's when nothing else");
                client.addHooks(new Hook<Boolean>() {
                    @Override
                    public Optional<dev.openfeature.sdk.EvaluationContext> before(HookContext<Boolean> ctx,
                                                                                   Map<String, Object> hints) {
                        return Optional.of(beta);
                    }
                });
                assertEquals(true, client.getBooleanValue("new-checkout", false, free), "a hook's outranks all");
            } finally {
                API.setEvaluationContext(new ImmutableContext());
            }
        }
    }

    @Test
    void aNewCommitEmitsConfigurationChangedWithTheKeysChangedInTheProvidersEnvironment() throws Exception {
        try (TestRepo repo = Fixtures.Serving.repo(dir)) {
            Client client = bind(GitflagsProvider.following(ConfigRepository.gitRef(dir, "main"))
                    .environment("staging").poll(Duration.ofMillis(20)).build());
            listenWhenReady(client);

            repo.write("environments/dev.yaml", Fixtures.Serving.DEV.replace("1000", "5"));
            repo.commit("dev only: not staging's business");
            repo.write("flags/app.yaml", Fixtures.Serving.FLAGS.replace("default_value: 50", "default_value: 60"));
            repo.write("environments/staging.yaml", Fixtures.Serving.STAGING.replace("Welcome to staging", "Hi"));
            repo.commit("max-items and staging's banner");

            assertEquals("CONFIGURATION_CHANGED [banner-text, max-items]", next());
            assertEquals("Hi", client.getStringValue("banner-text", "none"));
            assertEquals(60, client.getIntegerValue("max-items", 0));
        }
    }

    @Test
    void aNewCommitIsNeverAnsweredWithWhatTheProviderBoundForTheOldOne() throws Exception {
        try (TestRepo repo = Fixtures.Serving.repo(dir)) {
            Client client = bind(GitflagsProvider.following(ConfigRepository.gitRef(dir, "main"))
                    .environment("staging").poll(Duration.ofMillis(20)).build());
            listenWhenReady(client);
            ImmutableContext beta = new ImmutableContext("user-1", Map.of("plan", new Value("beta")));
            FlagEvaluationDetails<Boolean> before = client.getBooleanDetails("new-checkout", false, beta);
            assertEquals(List.of(true, "TARGETING_MATCH", "team-checkout"),
                    List.of(before.getValue(), before.getReason(), before.getFlagMetadata().getString("owner")));
            assertEquals("SPLIT", client.getStringDetails("button-color", "none", beta).getReason());
            assertEquals("Welcome to staging", client.getStringValue("banner-text", "none"));

            // the rule now serves false, the owner changed, the split is gone, staging's override is gone
            repo.write("flags/app.yaml", Fixtures.Serving.FLAGS.replace("      value: true\n    tags:", "      value: false\n    tags:")
                    .replace("owner: team-checkout", "owner: team-payments")
                    .replace("""
                                variants:
                                  green:
                                    value: green
                                    weight: 50
                                  red:
                                    value: red
                                    weight: 50
                            """, ""));
            repo.write("environments/staging.yaml", "name: Staging\nparent: production\n");
            repo.commit("rule, metadata, split and override changed");
            assertEquals("CONFIGURATION_CHANGED [banner-text, button-color, new-checkout]", next());

            FlagEvaluationDetails<Boolean> after = client.getBooleanDetails("new-checkout", true, beta);
            assertEquals(List.of(false, "TARGETING_MATCH", "team-payments"),
                    List.of(after.getValue(), after.getReason(), after.getFlagMetadata().getString("owner")));
            FlagEvaluationDetails<String> color = client.getStringDetails("button-color", "none", beta);
            assertEquals(List.of("grey", "STATIC"), List.of(color.getValue(), color.getReason()));
            assertNull(color.getVariant());
            assertEquals("Welcome", client.getStringValue("banner-text", "none"));
        }
    }

    @Test
    void perEvaluationEnvironmentsAreEachAnsweredFromTheNewCommit() throws Exception {
        try (TestRepo repo = Fixtures.Serving.repo(dir)) {
            Client client = bind(GitflagsProvider.following(ConfigRepository.gitRef(dir, "main"))
                    .environmentAttribute("environment").poll(Duration.ofMillis(20)).build());
            listenWhenReady(client);
            ImmutableContext dev = new ImmutableContext(Map.of("environment", new Value("dev")));
            ImmutableContext staging = new ImmutableContext(Map.of("environment", new Value("staging")));
            assertEquals(1000, client.getIntegerValue("max-items", 0, dev));
            assertEquals(50, client.getIntegerValue("max-items", 0, staging));
            assertEquals(ErrorCode.FLAG_NOT_FOUND, client.getBooleanDetails("later-flag", false, dev).getErrorCode());

            repo.write("environments/dev.yaml", Fixtures.Serving.DEV.replace("1000", "5"));
            repo.write("flags/later.yaml", "flags:\n  later-flag:\n    type: boolean\n    default_value: true\n");
            repo.commit("dev's max-items, and a flag asked for before it existed");
            assertEquals("CONFIGURATION_CHANGED [later-flag, max-items]", next());

            assertEquals(5, client.getIntegerValue("max-items", 0, dev));
            assertEquals(50, client.getIntegerValue("max-items", 0, staging));
            assertEquals(true, client.getBooleanValue("later-flag", false, dev));
        }
    }

    @Test
    void anInvalidCommitChangesNothingAndIsStaleUntilAValidCommitArrives() throws Exception {
        try (TestRepo repo = Fixtures.Serving.repo(dir)) {
            GitflagsProvider provider = GitflagsProvider.following(ConfigRepository.gitRef(dir, "main"))
                    .environment("staging").poll(Duration.ofMillis(20)).build();
            Client client = bind(provider);
            listenWhenReady(client);

            repo.write("environments/staging.yaml", Fixtures.Serving.STAGING.replace("banner-text", "banner-txt")
                    .replace("Welcome to staging", "Broken"));
            String broken = repo.commit("a typo").name();

            String stale = next();
            assertTrue(stale.startsWith("STALE version " + broken), stale);
            assertTrue(stale.contains("environments/staging.yaml:4:3"), stale);
            assertTrue(stale.contains("E_UNKNOWN_FLAG"), stale);
            assertEquals(ProviderState.STALE, client.getProviderState());
            assertEquals("Welcome to staging", client.getStringValue("banner-text", "none"));
            assertTrue(provider.status().trouble().contains(broken), provider.status().toString());

            repo.write("environments/staging.yaml", Fixtures.Serving.STAGING.replace("Welcome to staging", "Fixed"));
            repo.commit("fixed");
            // the SDK runs each handler as its own task on a cached thread pool: two events may arrive in any order
            assertEquals(Set.of("READY", "CONFIGURATION_CHANGED [banner-text]"), Set.of(next(), next()));
            assertEquals(ProviderState.READY, client.getProviderState());
            assertEquals("Fixed", client.getStringValue("banner-text", "none"));
            assertNull(provider.status().trouble());
        }
    }

    @Test
    void anInvalidFirstLoadIsAProviderErrorWithTheLocatedProblems() throws Exception {
        try (TestRepo repo = Fixtures.Serving.repo(dir)) {
            repo.write("environments/staging.yaml", Fixtures.Serving.STAGING.replace("banner-text", "banner-txt"));
            repo.commit("broken from the start");
            Client client = bindFailing(GitflagsProvider.following(ConfigRepository.gitRef(dir, "main"))
                    .environment("staging").poll(Duration.ofMillis(20)).build());

            String error = next();
            assertTrue(error.startsWith("ERROR"), error);
            assertTrue(error.contains("environments/staging.yaml:4:3") && error.contains("E_UNKNOWN_FLAG"), error);
            assertEquals(ProviderState.ERROR, client.getProviderState());
            assertEquals(ErrorCode.PROVIDER_NOT_READY, client.getStringDetails("banner-text", "none").getErrorCode());

            repo.write("environments/staging.yaml", Fixtures.Serving.STAGING);
            repo.commit("fixed");
            assertEquals("READY", next());
            assertEquals("Welcome to staging", client.getStringValue("banner-text", "none"));
        }
    }

    @Test
    void aBranchNotCreatedYetIsAProviderErrorSayingWhyUntilItsFirstValidCommit() throws Exception {
        try (TestRepo repo = TestRepo.init(dir)) {
            Client client = bindFailing(GitflagsProvider.following(ConfigRepository.gitRef(dir, "main"))
                    .environment("staging").poll(Duration.ofMillis(20)).build());

            String error = next();
            assertTrue(error.startsWith("ERROR") && error.contains("could not be read") && error.contains("main"),
                    error);
            assertEquals(ProviderState.ERROR, client.getProviderState());
            assertEquals(ErrorCode.PROVIDER_NOT_READY, client.getStringDetails("banner-text", "none").getErrorCode());

            repo.write(Fixtures.Serving.files()).commit("the first commit");
            assertEquals("READY", next(), "the provider kept polling");
            assertEquals("Welcome to staging", client.getStringValue("banner-text", "none"));
        }
    }

    @Test
    void aFixedEnvironmentThatACommitDeactivatesGivesTheDefaultWithGeneralAndAProviderError() throws Exception {
        try (TestRepo repo = Fixtures.Serving.repo(dir)) {
            Client client = bind(GitflagsProvider.following(ConfigRepository.gitRef(dir, "main"))
                    .environment("staging").poll(Duration.ofMillis(20)).build());
            listenWhenReady(client);

            repo.write("environments/staging.yaml", Fixtures.Serving.STAGING + "active: false\n");
            String commit = repo.commit("staging retired").name();

            String error = next();
            assertTrue(error.startsWith("ERROR commit " + commit), error);
            assertTrue(error.contains("'staging'"), error);
            FlagEvaluationDetails<String> details = client.getStringDetails("banner-text", "caller's default");
            assertEquals("caller's default", details.getValue());
            assertEquals(ErrorCode.GENERAL, details.getErrorCode());
        }
    }

    @Test
    void theEnvironmentComesFromTheTransactionContextPerEvaluation() throws Exception {
        try (TestRepo repo = Fixtures.Serving.repo(dir)) {
            Client client = bind(GitflagsProvider.following(ConfigRepository.workingTree(dir))
                    .environmentAttribute("environment").build());
            API.setTransactionContextPropagator(new ThreadLocalTransactionContextPropagator());

            API.setTransactionContext(new ImmutableContext(Map.of("environment", new Value("staging"))));
            assertEquals("Welcome to staging", client.getStringValue("banner-text", "none"));
            AtomicReference<String> otherThread = new AtomicReference<>();
            Thread other = new Thread(() -> {
                API.setTransactionContext(new ImmutableContext(Map.of("environment", new Value("dev"))));
                otherThread.set(client.getIntegerValue("max-items", 0) + " " + client.getStringValue("banner-text", ""));
            });
            other.start();
            other.join();
            assertEquals("1000 Welcome to staging", otherThread.get());
            assertEquals(50, client.getIntegerValue("max-items", 0), "this thread's context is still staging's");

            // unknown, inactive and not allowed fall back to default_environment (production)
            for (String fallback : List.of("nowhere", "retired", "sandbox")) {
                API.setTransactionContext(new ImmutableContext(Map.of("environment", new Value(fallback))));
                assertEquals("Welcome", client.getStringValue("banner-text", "none"), fallback);
            }
            API.setTransactionContext(new ImmutableContext());
            assertEquals("Welcome", client.getStringValue("banner-text", "none"));
        }
    }

    @Test
    void shutdownStopsEveryThreadTheProviderStarted() throws Exception {
        try (TestRepo repo = Fixtures.Serving.repo(dir)) {
            bind(GitflagsProvider.following(ConfigRepository.gitRef(dir, "main")).environment("production")
                    .poll(Duration.ofMillis(20)).build());
            assertTrue(ourThreads() > 0);

            API.setProviderAndWait(domain, new NoOpProvider());

            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (ourThreads() > 0 && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertEquals(0, ourThreads());
        }
    }

    private static long ourThreads() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(thread -> thread.isAlive() && thread.getName().startsWith("gitflags-")).count();
    }

    private Client bind(GitflagsProvider provider) {
        API.setProviderAndWait(domain, provider);
        return API.getClient(domain);
    }

    /** Binds a provider whose initialize fails, its events recorded: the SDK reports that by an event and the state. */
    private Client bindFailing(GitflagsProvider provider) {
        Client client = API.getClient(domain);
        listen(client);
        try {
            API.setProviderAndWait(domain, provider);
        } catch (RuntimeException expected) {
            // checked by the caller through the ERROR event and the client's provider state
        }
        return client;
    }

    /** Records the client's provider events ({@link ProviderEvents}), which {@link #next} takes. */
    private void listen(Client client) {
        events = ProviderEvents.of(client, WAIT);
    }

    /** {@link #listen}, then waits for the READY that a handler added to a ready client gets (not under test). */
    private void listenWhenReady(Client client) throws InterruptedException {
        listen(client);
        assertEquals("READY", next());
    }

    private static <T> void mismatch(FlagEvaluationDetails<T> details, T defaultValue) {
        assertEquals(defaultValue, details.getValue());
        assertEquals(ErrorCode.TYPE_MISMATCH, details.getErrorCode(), details.toString());
        assertEquals("ERROR", details.getReason());
    }

    private String next() throws InterruptedException {
        return events.next();
    }
}
