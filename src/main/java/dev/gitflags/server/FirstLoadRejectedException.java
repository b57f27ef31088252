package dev.gitflags.server;

import dev.gitflags.model.Problem;

import java.util.List;

/** The server did not start: the first load of the config repo was invalid. */
public final class FirstLoadRejectedException extends Exception {

    private final transient List<Problem> problems;

    public FirstLoadRejectedException(String source, List<Problem> problems) {
        super(source + " is invalid (" + problems.size() + " problem" + (problems.size() == 1 ? "" : "s") + ")");
        this.problems = List.copyOf(problems);
    }

    /** Every located problem, sorted by file and line. */
    public List<Problem> problems() {
        return problems;
    }
}
