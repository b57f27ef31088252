package dev.gitflags.model;

import java.util.Comparator;

/**
 * One thing wrong with a config repo: what ({@code code}, {@code message}), where ({@code origin}) and
 * how to fix it ({@code hint}, may be empty). Problems are values; loading collects all of them.
 */
public record Problem(ProblemCode code, Origin origin, String message, String hint) implements Comparable<Problem> {

    private static final Comparator<Problem> ORDER = Comparator.comparing(Problem::origin)
            .thenComparing(Problem::code)
            .thenComparing(Problem::message);

    public Problem {
        hint = hint == null ? "" : hint;
    }

    public static Problem of(ProblemCode code, Origin origin, String message, String hint) {
        return new Problem(code, origin, message, hint);
    }

    /** {@code file:line:col: message (hint) [CODE]} — the one-line text form. */
    @Override
    public String toString() {
        StringBuilder text = new StringBuilder().append(origin).append(": ").append(message);
        if (!hint.isEmpty()) {
            text.append(" (").append(hint).append(')');
        }
        return text.append(" [").append(code).append(']').toString();
    }

    @Override
    public int compareTo(Problem other) {
        return ORDER.compare(this, other);
    }
}
