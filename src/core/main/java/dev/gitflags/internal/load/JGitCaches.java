package dev.gitflags.internal.load;

import org.eclipse.jgit.storage.file.WindowCacheConfig;

/**
 * JGit's caches, sized for an application that embeds gitflags rather than for a git server. JGit keeps one
 * process-wide cache of pack file windows (10 MiB by default) and, per object reader, a cache of delta bases
 * (10 MiB by default, freed with the reader). A config repo's packs are a few MiB at most and are read once per
 * new commit, so small caches cost a re-read of a window now and then, never a wrong answer.
 */
public final class JGitCaches {

    /** Pack windows kept across reads, process-wide. */
    public static final long EMBEDDED_PACKED_GIT_LIMIT = 2L * 1024 * 1024;
    /** One pack window: JGit's default; a smaller one only means more reads. */
    public static final int EMBEDDED_WINDOW_SIZE = 8 * 1024;
    /** Delta bases kept by one reader while it reads a tree. */
    public static final int EMBEDDED_DELTA_BASE_CACHE_LIMIT = 1024 * 1024;

    private JGitCaches() {
    }

    /**
     * Installs the embedded sizes. The window cache is the whole process's: an application that uses JGit for
     * other repositories and wants other sizes installs its own {@link WindowCacheConfig} instead.
     */
    public static void limitForEmbedding() {
        WindowCacheConfig config = new WindowCacheConfig();
        config.setPackedGitLimit(EMBEDDED_PACKED_GIT_LIMIT);
        config.setPackedGitWindowSize(EMBEDDED_WINDOW_SIZE);
        config.setDeltaBaseCacheLimit(EMBEDDED_DELTA_BASE_CACHE_LIMIT);
        config.install();
    }
}
