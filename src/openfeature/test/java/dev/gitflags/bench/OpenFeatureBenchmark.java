package dev.gitflags.bench;

import dev.gitflags.ConfigRepository;
import dev.gitflags.openfeature.AttributeReadingProvider;
import dev.gitflags.openfeature.GitflagsProvider;
import dev.gitflags.testing.TestFiles;
import dev.openfeature.contrib.providers.flagd.Config;
import dev.openfeature.contrib.providers.flagd.FlagdOptions;
import dev.openfeature.contrib.providers.flagd.FlagdProvider;
import dev.openfeature.sdk.Client;
import dev.openfeature.sdk.EvaluationContext;
import dev.openfeature.sdk.FeatureProvider;
import dev.openfeature.sdk.ImmutableContext;
import dev.openfeature.sdk.LayeredEvaluationContext;
import dev.openfeature.sdk.NoOpProvider;
import dev.openfeature.sdk.OpenFeatureAPI;
import dev.openfeature.sdk.ProviderEvaluation;
import dev.openfeature.sdk.Value;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * gitflags' provider beside the SDK's no-op provider and flagd's in-process Java provider (0.11.15, reading a flag
 * file offline), on equivalent flags, through the OpenFeature client ({@code client*}) and through the provider
 * ({@code provider*}), in one run (issue 12). {@code targeted}: three rules of two conditions each, the first two
 * miss, the third matches; {@code split}: a 50/50 split by targeting key; {@code static}: no rules. Target: the
 * targeted flag through the client at most 1.5 × the no-op provider's client cost. {@code clientAttributesOnly} is
 * that call's floor for a provider that reads what the rules test (gitflags' context adapter, no evaluation);
 * {@code sdkContextFiveReads} what the same reads cost through the SDK's {@code getValue}, which the adapter avoids.
 * Read {@code cpu.time.norm} (this machine is shared) and {@code gc.alloc.rate.norm}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class OpenFeatureBenchmark {

    static final String GITFLAGS = "default_environment: production\n";
    static final String FLAGS = """
            flags:
              static-flag:
                type: boolean
                default_value: true
              targeted-flag:
                type: boolean
                default_value: false
                rules:
                  - name: enterprise-us
                    conditions:
                      - {attribute: country, operator: eq, value: US}
                      - {attribute: plan, operator: in, value: [enterprise, business]}
                    serve: {enabled: true, value: true}
                  - name: staff
                    conditions:
                      - {attribute: email, operator: ends_with, value: "@corp.example"}
                      - {attribute: groups, operator: contains, value: staff}
                    serve: {enabled: true, value: true}
                  - name: beta-eu
                    conditions:
                      - {attribute: region, operator: starts_with, value: eu-}
                      - {attribute: age, operator: gte, value: 18}
                    serve: {enabled: true, value: true}
              split-flag:
                type: string
                default_value: a
                variants:
                  a: {value: a, weight: 50}
                  b: {value: b, weight: 50}
            """;
    private static final String FLAGD = """
            {"flags": {
              "static-flag": {"state": "ENABLED", "variants": {"on": true, "off": false}, "defaultVariant": "on"},
              "targeted-flag": {"state": "ENABLED", "variants": {"on": true, "off": false}, "defaultVariant": "off",
                "targeting": {"if": [
                  {"and": [{"==": [{"var": "country"}, "US"]}, {"in": [{"var": "plan"}, ["enterprise", "business"]]}]}, "on",
                  {"and": [{"ends_with": [{"var": "email"}, "@corp.example"]}, {"in": ["staff", {"var": "groups"}]}]}, "on",
                  {"and": [{"starts_with": [{"var": "region"}, "eu-"]}, {">=": [{"var": "age"}, 18]}]}, "on",
                  "off"]}},
              "split-flag": {"state": "ENABLED", "variants": {"a": "a", "b": "b"}, "defaultVariant": "a",
                "targeting": {"fractional": [["a", 50], ["b", 50]]}}
            }}
            """;

    private static final String[] TARGETED_ATTRIBUTES = AttributeReadingProvider.TARGETED_ATTRIBUTES
            .toArray(String[]::new);

    private Path dir;
    private GitflagsProvider gitflags;
    private FlagdProvider flagd;
    private FeatureProvider noop;
    private Client gitflagsClient;
    private Client flagdClient;
    private Client noopClient;
    private Client attributesOnlyClient;
    private EvaluationContext context;

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        dir = Files.createTempDirectory("gitflags-openfeature-bench");
        TestFiles.write(dir.resolve("repo"), Map.of("gitflags.yaml", GITFLAGS, "flags/app.yaml", FLAGS,
                "environments/production.yaml", "name: Production\n"));
        Path flagdFile = TestFiles.write(dir, "flagd.json", FLAGD);
        OpenFeatureAPI api = OpenFeatureAPI.getInstance();
        gitflags = GitflagsProvider.following(ConfigRepository.workingTree(dir.resolve("repo")))
                .environment("production").build();
        flagd = new FlagdProvider(FlagdOptions.builder().resolverType(Config.Resolver.IN_PROCESS)
                .offlineFlagSourcePath(flagdFile.toString()).deadline(10_000).build()); // its init waits on a loaded machine
        noop = new NoOpProvider();
        api.setProviderAndWait("gitflags", gitflags);
        api.setProviderAndWait("flagd", flagd);
        api.setProviderAndWait("noop", noop);
        api.setProviderAndWait("attributes-only", new AttributeReadingProvider());
        gitflagsClient = api.getClient("gitflags");
        flagdClient = api.getClient("flagd");
        noopClient = api.getClient("noop");
        attributesOnlyClient = api.getClient("attributes-only");
        context = targetedContext();
        check(gitflags.getBooleanEvaluation("targeted-flag", false, context), true, "TARGETING_MATCH");
        check(flagd.getBooleanEvaluation("targeted-flag", false, context), true, "TARGETING_MATCH");
        check(gitflags.getStringEvaluation("split-flag", "x", context), null, "SPLIT");
        check(flagd.getStringEvaluation("split-flag", "x", context), null, "TARGETING_MATCH");
        check(gitflags.getBooleanEvaluation("static-flag", false, context), true, "STATIC");
        check(flagd.getBooleanEvaluation("static-flag", false, context), true, "STATIC");
        if (!gitflagsClient.getBooleanValue("targeted-flag", false, context)
                || !flagdClient.getBooleanValue("targeted-flag", false, context)
                || !attributesOnlyClient.getBooleanValue("targeted-flag", false, context)) {
            throw new IllegalStateException("the clients do not evaluate what the benchmark says");
        }
    }

    /** The user the targeted flag's first two rules miss and its third matches (plan free, region eu-west-1). */
    static EvaluationContext targetedContext() {
        return new ImmutableContext("user-7", Map.of(
                "country", new Value("US"), "plan", new Value("free"), "email", new Value("ann@example.com"),
                "groups", new Value(List.of(new Value("beta"), new Value("early-access"))),
                "region", new Value("eu-west-1"), "age", new Value(34)));
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        OpenFeatureAPI.getInstance().shutdown();
        TestFiles.deleteTree(dir);
    }

    private static void check(ProviderEvaluation<?> evaluation, Object value, String reason) {
        if (evaluation.getErrorCode() != null || (value != null && !value.equals(evaluation.getValue()))
                || !reason.equals(evaluation.getReason())) {
            throw new IllegalStateException("benchmark set-up does not measure what it says: " + evaluation);
        }
    }

    @Benchmark
    public boolean clientNoOp() {
        return noopClient.getBooleanValue("targeted-flag", false, context);
    }

    /**
     * The floor under a provider of the targeted flag through the client: the client's call to a provider that reads
     * the five attributes its rules test through gitflags' context adapter, and evaluates nothing.
     */
    @Benchmark
    public boolean clientAttributesOnly() {
        return attributesOnlyClient.getBooleanValue("targeted-flag", false, context);
    }

    /**
     * What reading those five attributes through the SDK's {@code getValue} costs (the client's layered context over
     * the invocation context, whose reads copy each value), nothing else: what gitflags' adapter does not pay.
     */
    @Benchmark
    public int sdkContextFiveReads() {
        EvaluationContext merged = new LayeredEvaluationContext(ImmutableContext.EMPTY, ImmutableContext.EMPTY,
                ImmutableContext.EMPTY, context);
        int found = 0;
        for (String attribute : TARGETED_ATTRIBUTES) {
            found += merged.getValue(attribute) != null ? 1 : 0;
        }
        return found;
    }

    @Benchmark
    public boolean clientGitflagsTargeted() {
        return gitflagsClient.getBooleanValue("targeted-flag", false, context);
    }

    @Benchmark
    public boolean clientFlagdTargeted() {
        return flagdClient.getBooleanValue("targeted-flag", false, context);
    }

    @Benchmark
    public String clientGitflagsSplit() {
        return gitflagsClient.getStringValue("split-flag", "x", context);
    }

    @Benchmark
    public String clientFlagdSplit() {
        return flagdClient.getStringValue("split-flag", "x", context);
    }

    @Benchmark
    public boolean clientGitflagsStatic() {
        return gitflagsClient.getBooleanValue("static-flag", false, context);
    }

    @Benchmark
    public boolean clientFlagdStatic() {
        return flagdClient.getBooleanValue("static-flag", false, context);
    }

    @Benchmark
    public ProviderEvaluation<Boolean> providerGitflagsTargeted() {
        return gitflags.getBooleanEvaluation("targeted-flag", false, context);
    }

    @Benchmark
    public ProviderEvaluation<Boolean> providerFlagdTargeted() {
        return flagd.getBooleanEvaluation("targeted-flag", false, context);
    }

    @Benchmark
    public ProviderEvaluation<String> providerGitflagsSplit() {
        return gitflags.getStringEvaluation("split-flag", "x", context);
    }

    @Benchmark
    public ProviderEvaluation<String> providerFlagdSplit() {
        return flagd.getStringEvaluation("split-flag", "x", context);
    }

    @Benchmark
    public ProviderEvaluation<Boolean> providerGitflagsStatic() {
        return gitflags.getBooleanEvaluation("static-flag", false, context);
    }

    @Benchmark
    public ProviderEvaluation<Boolean> providerFlagdStatic() {
        return flagd.getBooleanEvaluation("static-flag", false, context);
    }
}
