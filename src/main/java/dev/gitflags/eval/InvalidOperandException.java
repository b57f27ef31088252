package dev.gitflags.eval;

/** A condition's value does not suit its operator; the message says why and what would be valid. */
public final class InvalidOperandException extends Exception {
    public InvalidOperandException(String message) {
        super(message);
    }
}
