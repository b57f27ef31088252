package dev.gitflags.bench;

import dev.gitflags.internal.LoadResult;
import dev.gitflags.internal.diff.DiffReport;
import dev.gitflags.internal.diff.SnapshotDiff;
import dev.gitflags.internal.load.ConfigSource;
import dev.gitflags.internal.load.ConfigSources;
import dev.gitflags.internal.load.LoadLimits;
import dev.gitflags.internal.load.Loader;
import dev.gitflags.testing.TestRepo;
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
 * {@code gitflags diff main~1 main} on the synthetic repo (10,000 flags × 50 environments, depth 6, 100,000
 * overrides), where the second commit changes a base flag's default (fans out to every environment that does not
 * override it) and moves one environment to another parent: load both commits, compare every environment's
 * resolved flags, render the text report. Target: ≤ 5 s.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2)
@Measurement(iterations = 5)
@Fork(value = 1, jvmArgsAppend = {"-Xmx1g"})
public class DiffBenchmark extends SyntheticRepoState {

    private Path dir;
    private int changedEnvironments;

    @Setup(Level.Trial)
    public void generate() throws Exception {
        dir = generateRepo(Files.createTempDirectory("gitflags-diff-bench"));
        Path flagsFile = dir.resolve("flags/flags-000.yaml");
        Files.writeString(flagsFile, Files.readString(flagsFile).replaceFirst("default_value: control",
                "default_value: treatment-b"));
        String moved = SyntheticRepo.environmentSlug(environments - 1);
        Path envFile = dir.resolve("environments/" + moved + ".yaml");
        Files.writeString(envFile, Files.readString(envFile).replaceFirst("parent: env-\\d+",
                "parent: " + SyntheticRepo.environmentSlug(0)));
        try (TestRepo repo = TestRepo.open(dir)) {
            repo.commit("a base default and a parent link");
        }
        SnapshotDiff diff = diff();
        if (diff.isEmpty()) {
            throw new IllegalStateException("the second commit changed nothing");
        }
        changedEnvironments = diff.environments().size();
    }

    private SnapshotDiff diff() throws Exception {
        Loader loader = Loader.incremental(LoadLimits.DEFAULT);
        try (ConfigSource before = ConfigSources.open(dir, "main~1");
             ConfigSource after = ConfigSources.open(dir, "main")) {
            LoadResult old = loader.load(before);
            LoadResult now = loader.load(after);
            return SnapshotDiff.between(old.snapshot(), now.snapshot());
        }
    }

    @Benchmark
    public String diffTwoCommits() throws Exception {
        return DiffReport.text(diff(), "main~1", "main");
    }

    @TearDown(Level.Trial)
    public void delete() throws IOException {
        System.out.println("\n" + changedEnvironments + " environment(s) changed");
        deleteTree(dir);
    }
}
