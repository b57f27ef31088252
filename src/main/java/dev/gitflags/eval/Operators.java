package dev.gitflags.eval;

import dev.gitflags.model.AttributeMatcher;
import dev.gitflags.model.Operator;

/** Compiles {@code operator value} pairs into matchers at load time. */
public final class Operators {

    private Operators() {
    }

    /** The compiled condition, or an exception whose message says what is wrong with {@code operand}. */
    public static AttributeMatcher compile(Operator operator, Object operand) throws InvalidOperandException {
        throw new UnsupportedOperationException("TODO(eval)");
    }
}
