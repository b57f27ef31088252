package dev.gitflags;

import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * What loading one version of a config repository gave: a snapshot when it is valid, and every problem found,
 * sorted by file, line and column. A valid outcome may carry warnings; an invalid one has at least one error and no
 * snapshot.
 *
 * @param version  the commit SHA loaded, or a fingerprint of a working tree's files
 */
public record LoadOutcome(Optional<Snapshot> snapshot, List<Problem> problems, String version) {

    public LoadOutcome {
        problems = List.copyOf(problems);
    }

    /** True when there is no error: {@link #snapshot()} is present. */
    public boolean isValid() {
        return snapshot.isPresent();
    }

    /** The problems that make the repository invalid. */
    public List<Problem> errors() {
        return problems.stream().filter(Problem::isError).toList();
    }

    /** The snapshot; for an invalid outcome an {@link IllegalStateException} listing every problem. */
    public Snapshot orThrow() {
        return snapshot.orElseThrow(() -> new IllegalStateException("the config repository is invalid:\n"
                + problems.stream().map(Problem::toString).collect(Collectors.joining("\n"))));
    }
}
