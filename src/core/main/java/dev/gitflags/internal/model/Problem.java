package dev.gitflags.internal.model;

import java.util.Comparator;

/**
 * One thing wrong with a config repo: what ({@code code}, {@code message}), where ({@code origin}) and
 * how to fix it ({@code hint}, may be empty). Problems are values; loading collects all of them. Most are errors;
 * a problem whose code has {@link ProblemCode.Severity#WARNING} severity leaves the repository valid.
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

    public ProblemCode.Severity severity() {
        return code.severity();
    }

    /** True for an error, which makes the repository invalid; false for a warning. */
    public boolean isError() {
        return code.severity() == ProblemCode.Severity.ERROR;
    }

    /**
     * {@code file:line:col: message (hint) [CODE]} — the one-line text form; a warning reads
     * {@code file:line:col: warning: message (hint) [CODE]}.
     */
    @Override
    public String toString() {
        StringBuilder text = new StringBuilder().append(origin).append(": ")
                .append(isError() ? "" : "warning: ").append(message);
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
