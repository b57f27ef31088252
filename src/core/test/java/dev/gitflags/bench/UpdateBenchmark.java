package dev.gitflags.bench;

import dev.gitflags.internal.LoadResult;
import dev.gitflags.internal.load.FlagScope;
import dev.gitflags.internal.load.GitTreeSource;
import dev.gitflags.internal.load.LoadLimits;
import dev.gitflags.internal.load.Loader;
import dev.gitflags.testing.TestRepo;
import org.eclipse.jgit.lib.ObjectId;
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
 * A new commit that changes one file, applied by a long-lived loader ({@link Loader#incremental}) that loaded the
 * commit before: each operation loads the other of two commits that differ in that one file, so every load meets
 * a change. {@code scope} is {@code all} (the server's reload) or an environment (a provider bound to it: env-006
 * ends the depth-6 chain); {@code changed} is the environment's own file, the root every chain starts from, or a
 * flag file (whose flags are resolved again in each environment read). Target for a provider: ≤ 200 ms of wall
 * time per update, which is the score (ms/op, {@code avgt}; {@code -bm sample} gives its percentiles);
 * {@code cpu.time.norm} beside it is the updating thread's CPU time and {@code gc.time} the collector's pauses, which
 * tell the code's cost from the wait for a core on a loaded machine.
 *
 * <p>{@code bench/jmh.sh UpdateBenchmark}; the server's case: {@code bench/jmh.sh UpdateBenchmark -p scope=all}
 * (a full snapshot held and another built: give it {@code -jvmArgsAppend -Xmx1g}).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xmx512m", "-Dlogback.configurationFile=load/logback-bench.xml"})
public class UpdateBenchmark extends SyntheticRepoState {

    @Param("env-006")
    public String scope;

    @Param({"environments/env-006.yaml", "environments/env-000.yaml", "flags/flags-000.yaml"})
    public String changed;

    private Path dir;
    private TestRepo repo;
    private final ObjectId[] commits = new ObjectId[2];
    private int next;
    private Loader loader;
    private FlagScope flagScope;

    @Setup(Level.Trial)
    public void generate() throws Exception {
        dir = generateRepo(Files.createTempDirectory("gitflags-update-bench"));
        repo = TestRepo.open(dir);
        commits[0] = repo.tip("main");
        Path file = dir.resolve(changed);
        String text = Files.readString(file);
        // "Synthetic environment 6", "Synthetic flag number 0 for benchmarks": the first description in the file
        String edited = text.replaceFirst("description: Synthetic ([a-z ]+?) (\\d+)",
                "description: Synthetic $1 $2, edited");
        if (edited.equals(text)) {
            throw new IllegalStateException("nothing to edit in " + changed);
        }
        repo.write(changed, edited).commit("edit " + changed);
        commits[1] = repo.tip("main");
        flagScope = scope.equals("all") ? FlagScope.ALL : FlagScope.ofEnvironment(scope);
        loader = Loader.incremental(LoadLimits.DEFAULT);
        for (ObjectId commit : commits) {
            LoadResult result = load(commit);
            if (!result.isValid()) {
                throw new IllegalStateException("invalid: " + result.errors());
            }
        }
    }

    private LoadResult load(ObjectId commit) throws Exception {
        try (GitTreeSource source = GitTreeSource.of(repo.repository(), commit, "")) {
            return loader.load(source, flagScope);
        }
    }

    /** The other commit than the last load's: one file differs. */
    @Benchmark
    public LoadResult applyACommitThatChangesOneFile() throws Exception {
        next = 1 - next;
        return load(commits[next]);
    }

    @TearDown(Level.Trial)
    public void delete() throws IOException {
        repo.close();
        deleteTree(dir);
    }
}
