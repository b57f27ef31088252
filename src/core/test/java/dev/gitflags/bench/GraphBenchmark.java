package dev.gitflags.bench;

import dev.gitflags.internal.LoadResult;
import dev.gitflags.internal.graph.EnvironmentGraph;
import dev.gitflags.internal.load.LoadLimits;
import dev.gitflags.internal.load.Loader;
import dev.gitflags.internal.load.OverlaySource;
import dev.gitflags.internal.load.WorkingTreeSource;
import dev.gitflags.internal.model.Environment;
import dev.gitflags.internal.model.Origin;
import dev.gitflags.internal.model.Problem;
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
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * 10,000 environments in one chain ({@code chain}, one E_LIMIT) or one cycle ({@code cycle}, one E_CYCLE on each
 * file): the graph check alone, and a whole load of the 10,002 files from memory (parsing and schema checks
 * included). Target: well under a second for the graph (issue 10 item 2: 5,000 deep took 11.5 s, 10,000 deep
 * overflowed the stack, a cycle of 10,000 took 66 s).
 *
 * <p>{@code bench/run.sh GraphBenchmark}
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3)
@Measurement(iterations = 10)
@Fork(1)
public class GraphBenchmark {

    private static final int SIZE = 10_000;

    @Param({"chain", "cycle"})
    public String shape;

    private Map<String, Environment> environments;
    private Map<String, byte[]> files;
    private Path empty;
    private final Loader loader = new Loader();

    @Setup(Level.Trial)
    public void build() throws IOException {
        environments = new LinkedHashMap<>();
        files = new LinkedHashMap<>();
        files.put("gitflags.yaml", bytes("default_environment: " + name(0) + "\n"));
        files.put("flags/base.yaml", bytes("flags:\n  f:\n    type: boolean\n    default_value: false\n"));
        for (int i = 0; i < SIZE; i++) {
            String parent = shape.equals("cycle") ? name((i + 1) % SIZE) : i == 0 ? null : name(i - 1);
            String file = "environments/" + name(i) + ".yaml";
            environments.put(name(i), new Environment(name(i), name(i), "", parent, true, Map.of(), Map.of(),
                    new Origin(file, 1, 9), new Origin(file, 1, 1)));
            files.put(file, bytes(parent == null ? "name: root\n" : "parent: " + parent + "\n"));
        }
        empty = Files.createTempDirectory("gitflags-graph-bench");
        int expected = shape.equals("cycle") ? SIZE : 1;
        if (graph().size() != expected || load().problems().size() != expected) {
            throw new IllegalStateException("expected " + expected + " problems");
        }
    }

    @Benchmark
    public List<Problem> graph() {
        return EnvironmentGraph.problems(environments, Set.of(), LoadLimits.DEFAULT.maxChainDepth());
    }

    @Benchmark
    public LoadResult load() {
        return loader.load(new OverlaySource(new WorkingTreeSource(empty), files));
    }

    @TearDown(Level.Trial)
    public void delete() throws IOException {
        Files.deleteIfExists(empty);
    }

    private static String name(int i) {
        return String.format("e%05d", i);
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
