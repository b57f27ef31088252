package dev.gitflags.promote;

import dev.gitflags.model.Problem;

import java.util.List;

/**
 * Why a promotion was not done, as data: a message, a hint, the located problems of an invalid result (if any)
 * and the exit code the CLI returns (1 meaningless or invalid, 2 usage, I/O or dirty files).
 */
public record Refusal(int exitCode, String message, String hint, List<Problem> problems) {

    /** Exit code: the promotion is meaningless, or its result would be an invalid config. */
    public static final int INVALID = 1;
    /** Exit code: unknown names, unreadable repo, dirty files, lost races beyond the retry bound. */
    public static final int USAGE = 2;

    public Refusal {
        hint = hint == null ? "" : hint;
        problems = List.copyOf(problems);
    }

    public static Refusal invalid(String message, String hint) {
        return new Refusal(INVALID, message, hint, List.of());
    }

    public static Refusal usage(String message, String hint) {
        return new Refusal(USAGE, message, hint, List.of());
    }

    /** One line: the message, then the hint in parentheses. */
    @Override
    public String toString() {
        return hint.isEmpty() ? message : message + " (" + hint + ")";
    }
}
