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
 * @param maxFlagTargeting most rules, conditions and values listed by conditions one flag's rules may hold, counted
 *                        together (in flags/ or in one override): each condition's cost is bounded, and this bounds
 *                        how many a request's evaluation of the flag can examine and how much the flag holds
 */
public record LoadLimits(long maxFileBytes, int maxAliases, int maxNestingDepth, int maxChainDepth,
                         long maxAliasNodes, int maxFlagTargeting) {

    /** The default of {@link #maxFlagTargeting}. */
    public static final int DEFAULT_MAX_FLAG_TARGETING = 10_000;

    /**
     * 1 MiB per file, 50 aliases adding at most 100,000 nodes, 64 levels of nesting, chains of 64 environments,
     * 10,000 rules, conditions and listed values per flag.
     */
    public static final LoadLimits DEFAULT = new LoadLimits(1024 * 1024, 50, 64, 64, 100_000,
            DEFAULT_MAX_FLAG_TARGETING);

    public LoadLimits {
        if (maxFileBytes < 1 || maxAliases < 0 || maxNestingDepth < 1 || maxChainDepth < 1 || maxAliasNodes < 0
                || maxFlagTargeting < 1) {
            throw new IllegalArgumentException("limits must be positive");
        }
    }

    /** These limits with the default {@link #maxFlagTargeting}. */
    public LoadLimits(long maxFileBytes, int maxAliases, int maxNestingDepth, int maxChainDepth, long maxAliasNodes) {
        this(maxFileBytes, maxAliases, maxNestingDepth, maxChainDepth, maxAliasNodes, DEFAULT_MAX_FLAG_TARGETING);
    }

    /** These limits with another file size limit, e.g. from a {@code --max-file-size} option. */
    public LoadLimits withMaxFileBytes(long bytes) {
        return new LoadLimits(bytes, maxAliases, maxNestingDepth, maxChainDepth, maxAliasNodes, maxFlagTargeting);
    }

    /** These limits with another per-flag targeting limit, e.g. from a {@code --max-flag-targeting} option. */
    public LoadLimits withMaxFlagTargeting(int items) {
        return new LoadLimits(maxFileBytes, maxAliases, maxNestingDepth, maxChainDepth, maxAliasNodes, items);
    }
}
