package dev.gitflags.bench;

import dev.gitflags.internal.LoadResult;
import dev.gitflags.internal.load.ConfigSource;
import dev.gitflags.internal.load.ConfigSources;
import dev.gitflags.internal.load.Loader;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * Load + validate + graph + resolve of a synthetic repo read from a git commit: by default 10,000 flags ×
 * 50 environments (depth 6) × 100,000 overrides. Target: ≤ 3 s per load within a 512 MB heap.
 *
 * <p>{@code bench/jmh.sh LoadBenchmark -bm ss -tu ms -wi 2 -i 5} (passing {@code -jvmArgsAppend} replaces the
 * heap cap set here, so repeat {@code -Xmx512m} when you do).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2)
@Measurement(iterations = 5)
// The heap cap is part of the target; quiet logging keeps JGit's debug output out of the measurement.
@Fork(value = 1, jvmArgsAppend = {"-Xmx512m", "-Xms512m", "-Dlogback.configurationFile=load/logback-bench.xml"})
public class LoadBenchmark extends SyntheticRepoState {

    private Path dir;
    private final Loader loader = new Loader();

    @Setup(Level.Trial)
    public void generate() throws Exception {
        dir = generateRepo(Files.createTempDirectory("gitflags-bench"));
        LoadResult result = load();
        if (!result.isValid()) {
            throw new IllegalStateException("synthetic repo is invalid: " + result.problems().subList(0,
                    Math.min(5, result.problems().size())));
        }
    }

    @Benchmark
    public LoadResult load() throws Exception {
        try (ConfigSource source = ConfigSources.open(dir, "main")) {
            return loader.load(source);
        }
    }

    @TearDown(Level.Trial)
    public void delete() throws IOException {
        deleteTree(dir);
    }
}
