package dev.gitflags.internal.promote;

import dev.gitflags.internal.diff.SnapshotDiff;

/**
 * How a promotion ended. {@code plan} is set unless the promotion was refused before planning; {@code diff} is the
 * unified diff of the edited file and {@code blastRadius} every environment whose resolved flags change, field by
 * field (dry run and promoted); {@code commit} and {@code branch} are set when a commit landed; {@code attempts}
 * counts plan-and-swap rounds (more than one when another writer moved the branch).
 */
public record PromotionResult(Status status, PromotionPlan plan, String diff, SnapshotDiff blastRadius,
                              String commit, String branch, String message, int attempts, Refusal refusal) {

    /** The four ways a promotion ends. */
    public enum Status {
        /** A commit landed on the branch. */
        PROMOTED,
        /** Planned, edited and checked, but nothing written (--dry-run). */
        DRY_RUN,
        /** The target already resolves every asked flag as the source does: no commit. */
        NOTHING_TO_PROMOTE,
        /** Not done; {@link #refusal} says why. Nothing was written. */
        REFUSED
    }

    static PromotionResult refused(Refusal refusal, PromotionPlan plan, int attempts) {
        return new PromotionResult(Status.REFUSED, plan, null, null, null, null, null, attempts, refusal);
    }
}
