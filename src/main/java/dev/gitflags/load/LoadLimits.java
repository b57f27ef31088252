package dev.gitflags.load;

/** Bounds against hostile or accidental input; exceeding one is a located E_LIMIT problem, never a crash. */
public record LoadLimits(long maxFileBytes, int maxAliases, int maxNestingDepth) {

    public static final LoadLimits DEFAULT = new LoadLimits(1024 * 1024, 50, 64);
}
