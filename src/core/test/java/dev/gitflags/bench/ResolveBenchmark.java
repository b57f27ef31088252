package dev.gitflags.bench;

import dev.gitflags.internal.Snapshot;
import dev.gitflags.internal.graph.ResolvedFlag;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

import java.util.Optional;
import java.util.Random;
import java.util.concurrent.TimeUnit;

/**
 * Looking up one resolved flag of a deep environment (depth 6) in a snapshot of 10,000 flags × 50 environments
 * × 100,000 overrides, built from records by {@link SyntheticSnapshot}. Resolution happened once at load, so a
 * lookup is two hash-map reads. Target: ≤ 100 ns/op.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class ResolveBenchmark {

    private static final int KEYS = 4096; // a power of two, for the cheap rotation mask

    private Snapshot snapshot;
    private String environment;
    private String key;
    private String[] keys;
    private int next;

    @Setup(Level.Trial)
    public void setUp() {
        snapshot = SyntheticSnapshot.build(10_000, 50, 6, 100_000);
        environment = SyntheticSnapshot.deepestEnvironment(snapshot);
        key = snapshot.flagKeys().get(snapshot.flagKeys().size() / 2);
        Random random = new Random(42);
        keys = new String[KEYS];
        for (int i = 0; i < KEYS; i++) {
            keys[i] = snapshot.flagKeys().get(random.nextInt(snapshot.flagKeys().size()));
        }
        if (snapshot.flag(environment, key).isEmpty() || snapshot.chain(environment).size() != 6) {
            throw new IllegalStateException("benchmark set-up does not measure what it says");
        }
    }

    /** One flag, always the same: the best case, every cache line hot. */
    @Benchmark
    public Optional<ResolvedFlag> oneFlag() {
        return snapshot.flag(environment, key);
    }

    /** 4,096 different flags in turn: the lookups miss the CPU caches as a server's would. */
    @Benchmark
    public ResolvedFlag rotatingFlags() {
        String wanted = keys[next++ & (KEYS - 1)];
        return snapshot.resolved().get(environment).flag(wanted);
    }
}
