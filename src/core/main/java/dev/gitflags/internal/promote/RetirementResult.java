package dev.gitflags.internal.promote;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * How a retirement ended. {@code served} says, per flag, what it served everywhere (or that it was retired by
 * force); {@code files} are the config files the commit edits and {@code removed} those of them it deletes;
 * {@code diff} is their unified diff. These are set once planned (dry run and retired); {@code commit} and
 * {@code branch} when a commit landed; {@code attempts} counts plan-and-swap rounds.
 */
public record RetirementResult(Status status, Map<String, String> served, List<String> files, List<String> removed,
                               String diff, String commit, String branch, String message, int attempts,
                               Refusal refusal) {

    public RetirementResult {
        served = served == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(served));
        files = files == null ? List.of() : List.copyOf(files);
        removed = removed == null ? List.of() : List.copyOf(removed);
    }

    /** The three ways a retirement ends. */
    public enum Status {
        /** A commit landed on the branch. */
        RETIRED,
        /** Planned, edited and checked, but nothing written (--dry-run). */
        DRY_RUN,
        /** Not done; {@link #refusal} says why. Nothing was written. */
        REFUSED
    }

    static RetirementResult refused(Refusal refusal, int attempts) {
        return new RetirementResult(Status.REFUSED, null, null, null, null, null, null, null, attempts, refusal);
    }
}
