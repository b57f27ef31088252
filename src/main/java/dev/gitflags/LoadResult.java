package dev.gitflags;

import dev.gitflags.model.Problem;

import java.util.List;
import java.util.Optional;

/** What loading a config repo gave: a snapshot when there was no problem, else every problem found, sorted. */
public record LoadResult(Snapshot snapshot, List<Problem> problems) {

    public LoadResult {
        problems = problems.stream().sorted().toList();
    }

    public static LoadResult valid(Snapshot snapshot) {
        return new LoadResult(snapshot, List.of());
    }

    public static LoadResult invalid(List<Problem> problems) {
        return new LoadResult(null, problems);
    }

    public boolean isValid() {
        return snapshot != null;
    }

    public Optional<Snapshot> optionalSnapshot() {
        return Optional.ofNullable(snapshot);
    }
}
