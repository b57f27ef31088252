package dev.gitflags.bench;

import dev.gitflags.internal.analysis.ConfigHistory;
import dev.gitflags.internal.analysis.ServedHistory;
import dev.gitflags.internal.load.LoadLimits;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
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
 * {@code gitflags log --env env-006 flag-03676} on a history of 500 commits ({@link SyntheticHistory}) over the
 * synthetic repo (10,000 flags × 50 environments, depth 6, 100,000 overrides): the walk from main back to the
 * root, loading only the commits that change env-006's chain, the flag's file or gitflags.yaml, and comparing
 * how env-006 resolves the flag. No environment of env-006's chain overrides flag-03676, so each of the 100
 * commits that set its base rollout is listed. The history is generated once per trial, outside the measurement.
 * Target: ≤ 10 s.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 1)
@Measurement(iterations = 5)
@Fork(value = 1, jvmArgsAppend = {"-Xmx512m", "-Dlogback.configurationFile=load/logback-bench.xml"})
public class LogBenchmark extends SyntheticRepoState {

    static final String ENVIRONMENT = "env-006";
    static final String KEY = "flag-03676";

    @Param("500")
    public int commits;

    private Path dir;
    private Repository repository;
    private ServedHistory.Report report;

    @Setup(Level.Trial)
    public void generate() throws Exception {
        dir = generateRepo(Files.createTempDirectory("gitflags-log-bench"));
        SyntheticHistory.generate(dir, flags, environments, commits, KEY);
        repository = new FileRepositoryBuilder().setGitDir(dir.resolve(".git").toFile()).build();
        report = walk();
        // the root defines the flag; each fifth commit sets its rollout
        if (report.walked() != commits + 1 || report.entries().size() != commits / 5 + 1) {
            throw new IllegalStateException("walked " + report.walked() + " commits, listed "
                    + report.entries().size());
        }
    }

    @Benchmark
    public ServedHistory.Report logOneFlagInOneEnvironment() throws Exception {
        return walk();
    }

    private ServedHistory.Report walk() throws IOException {
        ConfigHistory history = ConfigHistory.of(repository, "", repository.resolve("main"), LoadLimits.DEFAULT);
        return ServedHistory.of(history, ENVIRONMENT, KEY, null);
    }

    @TearDown(Level.Trial)
    public void delete() throws IOException {
        System.out.println("\n" + report.walked() + " commits walked, " + report.loaded() + " loaded, "
                + report.entries().size() + " listed");
        repository.close();
        deleteTree(dir);
    }
}
