package dev.gitflags.internal.promote;

import dev.gitflags.internal.diff.DiffReport;
import dev.gitflags.internal.diff.SnapshotDiff;

import java.util.List;
import java.util.Map;

/**
 * The message of a generated commit, as a careful person would write it. A promotion's: a subject naming the
 * environments and flags, a body with its blast radius as {@code gitflags diff} prints it (every environment whose
 * resolved flags change, each changed field {@code old → new} with the file and line that causes it), and trailers
 * that tools can parse. A retirement's: a subject naming the flags, a body saying what each served and which files
 * lost it, and a {@code Gitflags-Retired} trailer per flag.
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

    /**
     * @param retired  what each retired flag served everywhere ("true (STATIC)"), or why it was retired anyway
     * @param files    the config files edited, and those removed, as the commit changes them
     * @param tip      the commit the retirement was planned on
     * @param subject  the subject to use instead of the generated one, or null
     */
    public static String retirement(Map<String, String> retired, List<String> files, List<String> removed,
                                    String tip, String subject) {
        List<String> keys = List.copyOf(retired.keySet());
        StringBuilder message = new StringBuilder();
        message.append(subject != null && !subject.isBlank() ? subject.strip() : "retire " + listed(keys))
                .append("\n\n");
        retired.forEach((key, served) -> message.append(key).append(": ").append(served).append('\n'));
        message.append('\n');
        files.forEach(file -> message.append(removed.contains(file) ? "removed " : "edited ").append(file)
                .append('\n'));
        message.append('\n').append("Gitflags-Retired-On: ").append(tip).append('\n');
        keys.forEach(key -> message.append("Gitflags-Retired: ").append(key).append('\n'));
        return message.toString();
    }

    static String subject(String from, String to, List<String> keys) {
        return "promote " + from + " → " + to + ": " + listed(keys);
    }

    /** {@code a, b, c}, or the first few and "and N more". */
    private static String listed(List<String> keys) {
        String listed = String.join(", ", keys.subList(0, Math.min(keys.size(), SUBJECT_KEYS)));
        if (keys.size() > SUBJECT_KEYS) {
            listed += " and " + (keys.size() - SUBJECT_KEYS) + " more";
        }
        return listed;
    }
}
