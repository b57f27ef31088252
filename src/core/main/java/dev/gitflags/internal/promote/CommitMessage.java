package dev.gitflags.internal.promote;

import dev.gitflags.internal.diff.DiffReport;
import dev.gitflags.internal.diff.SnapshotDiff;

import java.util.List;

/**
 * The message of a promotion commit, as a careful person would write it: a subject naming the environments and
 * flags, a body with its blast radius as {@code gitflags diff} prints it (every environment whose resolved flags
 * change, each changed field {@code old → new} with the file and line that causes it), and trailers that tools
 * can parse.
 */
public final class CommitMessage {

    /** Subjects list at most this many flag keys, then "and N more". */
    private static final int SUBJECT_KEYS = 5;

    private CommitMessage() {
    }

    /**
     * @param blastRadius what the promotion changes, from the branch tip to the promoted tree
     * @param subject     the subject to use instead of the generated one, or null
     */
    public static String of(PromotionPlan plan, SnapshotDiff blastRadius, String subject) {
        List<String> keys = plan.keys();
        StringBuilder message = new StringBuilder();
        message.append(subject != null && !subject.isBlank() ? subject.strip() : subject(plan.from(), plan.to(), keys))
                .append("\n\n")
                .append(DiffReport.environments(blastRadius))
                .append(DiffReport.summary(blastRadius)).append('\n')
                .append('\n')
                .append("Promoted-From: ").append(plan.from()).append('@').append(plan.sourceCommit()).append('\n')
                .append("Promoted-Flags: ").append(String.join(", ", keys)).append('\n');
        return message.toString();
    }

    static String subject(String from, String to, List<String> keys) {
        String listed = String.join(", ", keys.subList(0, Math.min(keys.size(), SUBJECT_KEYS)));
        if (keys.size() > SUBJECT_KEYS) {
            listed += " and " + (keys.size() - SUBJECT_KEYS) + " more";
        }
        return "promote " + from + " → " + to + ": " + listed;
    }
}
