package dev.gitflags.promote;

import java.util.List;

/**
 * The message of a promotion commit, as a careful person would write it: a subject naming the environments and
 * flags, a body with each flag's changed fields {@code old → new}, and trailers that tools can parse.
 */
public final class CommitMessage {

    /** Subjects list at most this many flag keys, then "and N more". */
    private static final int SUBJECT_KEYS = 5;

    private CommitMessage() {
    }

    /**
     * @param subject the subject to use instead of the generated one, or null
     */
    public static String of(PromotionPlan plan, String subject) {
        List<String> keys = plan.keys();
        StringBuilder message = new StringBuilder();
        message.append(subject != null && !subject.isBlank() ? subject.strip() : subject(plan.from(), plan.to(), keys))
                .append("\n\n");
        for (PromotionPlan.FlagPromotion flag : plan.flags()) {
            message.append(flag.key()).append('\n');
            for (PromotionPlan.FieldChange change : flag.changes()) {
                message.append("  ").append(change.describe()).append('\n');
            }
        }
        message.append('\n')
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
