package dev.gitflags;

/**
 * One thing wrong with a config repository, located: what ({@code code} such as {@code E_UNKNOWN_FLAG},
 * {@code message}), where ({@code file} relative to the config root, 1-based {@code line} and {@code column}), and
 * how to fix it ({@code hint}, empty when there is none). An {@link Severity#ERROR} makes the repository invalid;
 * a {@link Severity#WARNING} leaves it served. The codes are listed in the README's "Error codes".
 */
public record Problem(String code, Severity severity, String file, int line, int column, String message,
                      String hint) {

    /** Whether a problem makes the repository invalid. */
    public enum Severity { ERROR, WARNING }

    /** True for an error. */
    public boolean isError() {
        return severity == Severity.ERROR;
    }

    /** {@code file:line:column: message (hint) [CODE]}, as {@code gitflags validate} prints it. */
    @Override
    public String toString() {
        return file + ":" + line + ":" + column + ": " + (isError() ? "" : "warning: ") + message
                + (hint.isEmpty() ? "" : " (" + hint + ")") + " [" + code + "]";
    }
}
