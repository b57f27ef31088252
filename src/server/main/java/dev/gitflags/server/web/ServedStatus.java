package dev.gitflags.server.web;

import dev.gitflags.server.ServedState;
import io.micronaut.serde.annotation.Serdeable;

import java.util.List;

/**
 * The banner: which commit is served since when, and — when the newest commit seen was rejected — that commit
 * and its located problems (the last good snapshot stays served meanwhile).
 *
 * @param commit         the served commit SHA, or null for a working tree
 * @param loadedAt       ISO-8601 instant the served snapshot was loaded
 * @param rejectedCommit the newest commit when it failed to load, else null
 * @param reason         why it is not served, e.g. {@code invalid: 2 problems} or {@code load exceeded 60s}
 */
@Serdeable
public record ServedStatus(String commit, String loadedAt, String newestCommit, String rejectedCommit,
                           String reason, List<ProblemView> problems) {

    /** The banner of {@code state}; the commit falls back to the served version (a working-tree fingerprint). */
    public static ServedStatus of(ServedState state) {
        String commit = state.snapshot() != null && state.snapshot().commit() != null
                ? state.snapshot().commit() : state.version();
        ServedState.Rejection rejection = state.rejection();
        List<ProblemView> problems = rejection == null ? List.of() : rejection.problems().stream()
                .map(p -> new ProblemView(p.origin().toString(), p.message(), p.hint(), p.code().name()))
                .toList();
        return new ServedStatus(commit, state.loadedAt() == null ? null : state.loadedAt().toString(),
                state.newestSeen(), rejection == null ? null : rejection.version(),
                rejection == null ? null : rejection.reason(), problems);
    }

    /** One located problem as the page shows it: {@code file:line:col}, message, hint, code. */
    @Serdeable
    public record ProblemView(String location, String message, String hint, String code) {
    }
}
