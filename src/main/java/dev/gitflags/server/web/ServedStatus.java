package dev.gitflags.server.web;

import io.micronaut.serde.annotation.Serdeable;

import java.util.List;

/**
 * The banner: which commit is served since when, and — when the newest commit seen was rejected — that commit
 * and its located problems (the last good snapshot stays served meanwhile).
 *
 * @param commit         the served commit SHA, or null for a working tree
 * @param loadedAt       ISO-8601 instant the served snapshot was loaded
 * @param rejectedCommit the newest commit when it failed to load, else null
 */
@Serdeable
public record ServedStatus(String commit, String loadedAt, String newestCommit, String rejectedCommit,
                           List<ProblemView> problems) {

    /** One located problem as the page shows it: {@code file:line:col}, message, hint, code. */
    @Serdeable
    public record ProblemView(String location, String message, String hint, String code) {
    }
}
