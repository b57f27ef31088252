package dev.gitflags.internal;

import dev.gitflags.internal.model.Problem;

import java.util.List;
import java.util.Optional;

/**
 * What loading a config repo gave: every problem found, sorted, and a snapshot when none of them is an error.
 * A valid result may carry warnings ({@link Problem#isError()} false): the snapshot is served all the same.
 */
public record LoadResult(Snapshot snapshot, List<Problem> problems) {

    public LoadResult {
        problems = problems.stream().sorted().toList();
        if (snapshot != null && problems.stream().anyMatch(Problem::isError)) {
            throw new IllegalArgumentException("a snapshot with errors is not valid: " + problems);
        }
    }

    /** A valid snapshot, with the warnings found on the way (none: {@code List.of()}). */
    public static LoadResult valid(Snapshot snapshot, List<Problem> warnings) {
        return new LoadResult(snapshot, warnings);
    }

    public static LoadResult valid(Snapshot snapshot) {
        return valid(snapshot, List.of());
    }

    public static LoadResult invalid(List<Problem> problems) {
        return new LoadResult(null, problems);
    }

    /** True when there is no error (warnings allowed): {@link #snapshot()} is then set. */
    public boolean isValid() {
        return snapshot != null;
    }

    /** The problems that make the repository invalid. */
    public List<Problem> errors() {
        return problems.stream().filter(Problem::isError).toList();
    }

    /** The problems that leave it valid. */
    public List<Problem> warnings() {
        return problems.stream().filter(problem -> !problem.isError()).toList();
    }

    public Optional<Snapshot> optionalSnapshot() {
        return Optional.ofNullable(snapshot);
    }
}
