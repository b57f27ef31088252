package dev.gitflags.bench;

import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * What the big-repo benchmarks share: the synthetic repo's size as JMH parameters (by default 10,000 flags ×
 * 50 environments in a tree of depth 6 × 100,000 overrides), its generation and the removal of its folder.
 */
@State(Scope.Benchmark)
public abstract class SyntheticRepoState {

    @Param("10000")
    public int flags;

    @Param("50")
    public int environments;

    @Param("6")
    public int depth;

    @Param("100000")
    public int overrides;

    /** Generates the repo of this size into {@code dir}, a git repo with one commit on main. */
    protected Path generateRepo(Path dir) {
        return SyntheticRepo.generate(dir, flags, environments, depth, overrides);
    }

    /** Removes a benchmark's temporary folder and everything below it. */
    protected static void deleteTree(Path dir) throws IOException {
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        }
    }
}
