package dev.gitflags.bench;

import dev.gitflags.testing.TestFiles;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;

import java.nio.file.Path;

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
    protected static void deleteTree(Path dir) {
        TestFiles.deleteTree(dir);
    }
}
