package dev.gitflags.bench;

import dev.gitflags.ConfigRepository;
import dev.gitflags.openfeature.AttributeReadingProvider;
import dev.gitflags.openfeature.GitflagsProvider;
import dev.gitflags.testing.TestFiles;
import dev.openfeature.sdk.Client;
import dev.openfeature.sdk.EvaluationContext;
import dev.openfeature.sdk.NoOpProvider;
import dev.openfeature.sdk.OpenFeatureAPI;
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
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Issue 12's client target as an application meets it: gitflags' provider, the SDK's no-op provider and the
 * read-only floor ({@link AttributeReadingProvider}) in a JVM with no other provider (OpenFeatureBenchmark also
 * registers flagd's, which makes the SDK's calls to providers megamorphic). The same flag and context as
 * OpenFeatureBenchmark's targeted case.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class OpenFeatureAloneBenchmark {

    private Path dir;
    private Client gitflags;
    private Client noop;
    private Client attributesOnly;
    private EvaluationContext context;

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        dir = Files.createTempDirectory("gitflags-openfeature-alone");
        TestFiles.write(dir, Map.of("gitflags.yaml", OpenFeatureBenchmark.GITFLAGS,
                "flags/app.yaml", OpenFeatureBenchmark.FLAGS, "environments/production.yaml", "name: Production\n"));
        OpenFeatureAPI api = OpenFeatureAPI.getInstance();
        api.setProviderAndWait("gitflags", GitflagsProvider.following(ConfigRepository.workingTree(dir))
                .environment("production").build());
        api.setProviderAndWait("noop", new NoOpProvider());
        api.setProviderAndWait("attributes-only", new AttributeReadingProvider());
        gitflags = api.getClient("gitflags");
        noop = api.getClient("noop");
        attributesOnly = api.getClient("attributes-only");
        context = OpenFeatureBenchmark.targetedContext();
        if (!gitflags.getBooleanValue("targeted-flag", false, context)
                || !attributesOnly.getBooleanValue("targeted-flag", false, context)) {
            throw new IllegalStateException("the clients do not evaluate what the benchmark says");
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        OpenFeatureAPI.getInstance().shutdown();
        TestFiles.deleteTree(dir);
    }

    @Benchmark
    public boolean clientNoOp() {
        return noop.getBooleanValue("targeted-flag", false, context);
    }

    @Benchmark
    public boolean clientAttributesOnly() {
        return attributesOnly.getBooleanValue("targeted-flag", false, context);
    }

    @Benchmark
    public boolean clientGitflagsTargeted() {
        return gitflags.getBooleanValue("targeted-flag", false, context);
    }
}
