package dev.gitflags.internal.eval;

/**
 * The two kinds of request the evaluator tells apart before any rule is read: with a targeting key, which can
 * fall into partial rollouts and variant splits, and without one (null or empty), which never does.
 */
public enum RequestKind {
    /** The context has a non-empty targeting key. */
    KEYED,
    /** The context has no targeting key, or an empty one. */
    UNKEYED;

    /** The kind of a request with this targeting key. */
    public static RequestKind of(String targetingKey) {
        return targetingKey == null || targetingKey.isEmpty() ? UNKEYED : KEYED;
    }
}
