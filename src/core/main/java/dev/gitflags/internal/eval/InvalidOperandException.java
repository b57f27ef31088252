package dev.gitflags.internal.eval;

/**
 * A condition's value does not suit its operator; the message says why and what would be valid, and the hint,
 * when there is one, how to fix this particular value.
 */
public final class InvalidOperandException extends Exception {

    private final String hint;

    public InvalidOperandException(String message) {
        this(message, null);
    }

    public InvalidOperandException(String message, String hint) {
        super(message);
        this.hint = hint;
    }

    /** How to fix this value, or null when the operator's general hint says it. */
    public String hint() {
        return hint;
    }
}
