package dev.gitflags.internal.promote;

import dev.gitflags.internal.model.Problem;

import java.util.List;

/**
 * Why a promotion was not done, as data: what kind of refusal it is, a message, a hint, and the located problems
 * of an invalid result (if any). The CLI maps the kind to its exit code.
 */
public record Refusal(Kind kind, String message, String hint, List<Problem> problems) {

    /** The two kinds of refusal, which callers (the CLI's exit codes) tell apart. */
    public enum Kind {
        /** The promotion is meaningless, or the config before or after it is invalid. */
        INVALID,
        /** Unknown names, an unreadable repo or branch, dirty files, lost races beyond the retry bound. */
        USAGE
    }

    public Refusal {
        hint = hint == null ? "" : hint;
        problems = List.copyOf(problems);
    }

    public static Refusal invalid(String message, String hint) {
        return new Refusal(Kind.INVALID, message, hint, List.of());
    }

    public static Refusal usage(String message, String hint) {
        return new Refusal(Kind.USAGE, message, hint, List.of());
    }

    /** One line: the message, then the hint in parentheses. */
    @Override
    public String toString() {
        return hint.isEmpty() ? message : message + " (" + hint + ")";
    }
}
