package dev.gitflags.server;

import dev.gitflags.internal.model.Problem;

import java.util.List;

/**
 * The server did not start: the current version of the config repo cannot be served (invalid, or its load failed
 * or ran too long), and no version of its history within reach could be served instead.
 */
public final class FirstLoadRejectedException extends Exception {

    private final transient List<Problem> problems;

    /**
     * @param source    the repo, for the message
     * @param rejection why its current version is not served
     * @param searched  how far back its history was searched, e.g. {@code ", nor can any commit up to 20 before
     *                  it"}; "" for a working tree
     */
    public FirstLoadRejectedException(String source, ServedState.Rejection rejection, String searched) {
        super(source + " cannot be served (" + rejection.reason() + ")" + searched);
        this.problems = rejection.problems();
    }

    /** Every located problem of the current version, sorted by file and line; none when its load failed. */
    public List<Problem> problems() {
        return problems;
    }
}
