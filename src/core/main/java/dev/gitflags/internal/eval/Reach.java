package dev.gitflags.internal.eval;

/**
 * Which requests of one {@link RequestKind} pass a test of the evaluator: none, some (it depends on their
 * attributes or their bucket), or all. Each test states its reach beside its check of one request, so the
 * analysis of what a flag can serve and the evaluation itself read one definition.
 */
public enum Reach {
    NEVER, SOMETIMES, ALWAYS;

    /** Both tests: the narrower reach. */
    public Reach and(Reach other) {
        return compareTo(other) <= 0 ? this : other;
    }
}
