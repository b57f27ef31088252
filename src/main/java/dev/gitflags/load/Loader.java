package dev.gitflags.load;

import dev.gitflags.LoadResult;

/** bytes → YAML nodes with marks → schema check → model → semantic checks → graph → resolved snapshot. */
public final class Loader {

    private final LoadLimits limits;

    public Loader(LoadLimits limits) {
        this.limits = limits;
    }

    public Loader() {
        this(LoadLimits.DEFAULT);
    }

    /** Loads and validates everything; never throws for bad content (I/O failures are E_IO problems). */
    public LoadResult load(ConfigSource source) {
        throw new UnsupportedOperationException("TODO(load)");
    }
}
