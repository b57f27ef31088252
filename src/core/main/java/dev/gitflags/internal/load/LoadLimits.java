package dev.gitflags.internal.load;

/**
 * Bounds against hostile or accidental input; exceeding one is a located E_LIMIT problem, never a crash.
 *
 * @param maxFileBytes    largest file read, in bytes
 * @param maxAliases      most aliases to mappings or sequences in one file (SnakeYAML's billion-laughs guard)
 * @param maxNestingDepth deepest nesting of mappings and sequences
 * @param maxChainDepth   most environments in one inheritance chain, the environment and its root included
 * @param maxAliasNodes   most nodes aliases may add to one document when expanded, beyond the nodes written: a
 *                        budget of its own, so that a larger file size limit lets no small file expand further
 */
public record LoadLimits(long maxFileBytes, int maxAliases, int maxNestingDepth, int maxChainDepth,
                         long maxAliasNodes) {

    /** 1 MiB per file, 50 aliases adding at most 100,000 nodes, 64 levels of nesting, chains of 64 environments. */
    public static final LoadLimits DEFAULT = new LoadLimits(1024 * 1024, 50, 64, 64, 100_000);

    public LoadLimits {
        if (maxFileBytes < 1 || maxAliases < 0 || maxNestingDepth < 1 || maxChainDepth < 1 || maxAliasNodes < 0) {
            throw new IllegalArgumentException("limits must be positive");
        }
    }

    /** These limits with another file size limit, e.g. from a {@code --max-file-size} option. */
    public LoadLimits withMaxFileBytes(long bytes) {
        return new LoadLimits(bytes, maxAliases, maxNestingDepth, maxChainDepth, maxAliasNodes);
    }
}
