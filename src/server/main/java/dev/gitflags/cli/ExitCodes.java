package dev.gitflags.cli;

import dev.gitflags.internal.model.Problem;
import dev.gitflags.internal.model.ProblemCode;
import dev.gitflags.internal.promote.Refusal;

import java.util.List;

/**
 * The exit codes of every gitflags command, in one place: CI scripts branch on them, so they never change.
 * The {@code *_DOC} strings are picocli {@code exitCodeList} entries ({@code "code:description"}).
 */
public final class ExitCodes {

    /** The command did what was asked (for validate: the config is valid). */
    public static final int OK = 0;
    /** The config repo is invalid; every problem was printed with its file:line:column. */
    public static final int INVALID_CONFIG = 1;
    /** Wrong arguments, an unknown environment/flag/ref, an unreadable repo, or any other failure to run. */
    public static final int USAGE_OR_IO = 2;

    static final String OK_DOC = "0:success";
    static final String INVALID_CONFIG_DOC = "1:the config repo is invalid (problems are printed with file:line:col)";
    static final String USAGE_OR_IO_DOC = "2:usage error, unknown environment/flag/ref, or I/O error";

    /** The exit code for a config that did not load: 2 when something could not be read (E_IO), else 1. */
    public static int forProblems(List<Problem> problems) {
        return problems.stream().anyMatch(problem -> problem.code() == ProblemCode.E_IO) ? USAGE_OR_IO : INVALID_CONFIG;
    }

    /** The exit code of a refused promotion: 1 when it is meaningless or invalid, 2 for a usage or I/O failure. */
    public static int forRefusal(Refusal.Kind kind) {
        return switch (kind) {
            case INVALID -> INVALID_CONFIG;
            case USAGE -> USAGE_OR_IO;
        };
    }

    private ExitCodes() {
    }
}
