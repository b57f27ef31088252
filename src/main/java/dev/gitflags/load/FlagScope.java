package dev.gitflags.load;

import java.util.List;
import java.util.Set;

/**
 * Which flags a load covers. {@link #ALL} is a full load. A scope of a few keys gives a snapshot of only those
 * flags, in every environment, with every check about them (their definition, every override of them, variants
 * their rules serve, the environment graph, every file's YAML syntax), while other flags' definitions and
 * overrides are skipped unbuilt: a promotion of a few flags in a big repo needs no more.
 */
public record FlagScope(Set<String> keys) {

    /** Every flag: the whole repo is checked. */
    public static final FlagScope ALL = new FlagScope(null);

    public FlagScope {
        keys = keys == null ? null : Set.copyOf(keys);
    }

    /** Only these flags; none means all of them. */
    public static FlagScope of(List<String> keys) {
        return keys.isEmpty() ? ALL : new FlagScope(Set.copyOf(keys));
    }

    public boolean isAll() {
        return keys == null;
    }

    public boolean includes(String key) {
        return keys == null || keys.contains(key);
    }

    /** True when a snapshot loaded in this scope holds everything {@code other} asks for. */
    public boolean covers(FlagScope other) {
        return isAll() || !other.isAll() && keys.containsAll(other.keys);
    }
}
