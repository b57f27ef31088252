package dev.gitflags.internal.eval;

import dev.gitflags.internal.graph.ResolvedFlag;
import dev.gitflags.internal.model.Variant;

/**
 * What one step of the evaluation serves, as far as it is known without a context: a variant of the flag, a value of
 * its own, or the flag's resolved {@code default_value}. The {@link Evaluator} decides with
 * {@link Evaluator#served}, {@link Evaluator#whenEnabled} and {@link Evaluator#whenDisabled}, and every view that
 * says what a rule or a disabled flag serves asks the same methods, so the two cannot disagree.
 *
 * @param kind    which of the three it is
 * @param value   the value, for {@link Kind#VALUE}; else null
 * @param variant the variant key, for {@link Kind#VARIANT}; else null
 */
public record Served(Kind kind, Object value, String variant) {

    /** The three things a step can serve. */
    public enum Kind {
        /** A value of the step's own: a rule's {@code serve.value}, or {@code true}/{@code false} of a boolean flag. */
        VALUE,
        /** The flag's resolved {@code default_value}. */
        DEFAULT_VALUE,
        /** A variant of the flag, by key: its value, reported with the variant's key. */
        VARIANT
    }

    static final Served TRUE = new Served(Kind.VALUE, Boolean.TRUE, null);
    static final Served FALSE = new Served(Kind.VALUE, Boolean.FALSE, null);
    static final Served DEFAULT_VALUE = new Served(Kind.DEFAULT_VALUE, null, null);

    static Served value(Object value) {
        return new Served(Kind.VALUE, value, null);
    }

    static Served variant(String key) {
        return new Served(Kind.VARIANT, null, key);
    }

    /**
     * The value served in {@code flag}: this value, the flag's default value, or the named variant's value (null
     * when the flag has no such variant, which the loader rejects).
     */
    public Object valueIn(ResolvedFlag flag) {
        return switch (kind) {
            case VALUE -> value;
            case DEFAULT_VALUE -> flag.defaultValue();
            case VARIANT -> flag.variants().stream().filter(v -> v.key().equals(variant)).findFirst()
                    .map(Variant::value).orElse(null);
        };
    }
}
