package dev.gitflags.internal.analysis;

import dev.gitflags.internal.Snapshot;
import dev.gitflags.internal.model.Flag;
import dev.gitflags.internal.model.FlagLifecycle;
import dev.gitflags.internal.model.LifecyclePolicy;
import dev.gitflags.internal.model.Problem;
import dev.gitflags.internal.model.ProblemCode;
import dev.gitflags.internal.view.ValueText;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

/**
 * Every flag's owner and lifetime against the repository's {@link LifecyclePolicy}, as of one day. Each problem is at
 * the flag's definition line. It depends on the date, so {@code validate} and {@code stale} ask for it and loads do
 * not: a server keeps serving a flag the day it expires.
 */
public final class LifecycleCheck {

    /** The lifecycle fields a repository may still keep in {@code metadata}, from before they were fields. */
    private static final List<String> FIELDS = List.of("owner", "expires", "permanent");

    private LifecycleCheck() {
    }

    /** The lifecycle problems of every flag of {@code snapshot} on {@code today}, in key order. */
    public static List<Problem> problems(Snapshot snapshot, LocalDate today) {
        LifecyclePolicy policy = snapshot.settings().lifecycle();
        List<Problem> problems = new ArrayList<>();
        for (Flag flag : snapshot.flags().values()) {
            problems.addAll(problems(flag, policy, today));
        }
        return problems;
    }

    private static List<Problem> problems(Flag flag, LifecyclePolicy policy, LocalDate today) {
        List<Problem> problems = new ArrayList<>();
        FlagLifecycle lifecycle = flag.lifecycle();
        String key = flag.key();
        for (String field : FIELDS) {
            if (flag.metadata().containsKey(field)) {
                problems.add(Problem.of(ProblemCode.W_LIFECYCLE_IN_METADATA, flag.origin(),
                        "metadata." + field + " of flag '" + key + "' is only metadata: gitflags reads a flag's "
                                + field + " from its own '" + field + ":' field",
                        "move it out of metadata to '" + field + ": "
                                + ValueText.value(flag.metadata().get(field)) + "' beside 'type:'"));
            }
        }
        if (lifecycle.permanent() && lifecycle.expires() != null) {
            problems.add(Problem.of(ProblemCode.E_LIFECYCLE, flag.origin(),
                    "flag '" + key + "' is permanent and expires on " + lifecycle.expires(),
                    "remove 'expires:' if it is meant to stay, or 'permanent: true' if it is meant to go"));
        }
        if (policy.requireOwner() && lifecycle.owners().isEmpty()) {
            problems.add(Problem.of(ProblemCode.E_LIFECYCLE, flag.origin(),
                    "flag '" + key + "' has no owner, which gitflags.yaml's lifecycle policy requires",
                    "add 'owner: <team or person>' to the definition"));
        }
        if (policy.requireExpires() && !lifecycle.permanent() && lifecycle.expires() == null) {
            problems.add(Problem.of(ProblemCode.E_LIFECYCLE, flag.origin(),
                    "flag '" + key + "' has no expiry date, which gitflags.yaml's lifecycle policy requires",
                    "add 'expires: YYYY-MM-DD' (the last day it is meant to exist), or 'permanent: true' for a "
                            + "long-lived operational flag"));
        }
        Integer maxDays = policy.maxLifetimeDays();
        if (maxDays != null && !lifecycle.permanent() && lifecycle.expires() != null
                && lifecycle.expires().isAfter(today.plusDays(maxDays))) {
            problems.add(Problem.of(ProblemCode.E_LIFECYCLE, flag.origin(),
                    "flag '" + key + "' expires on " + lifecycle.expires() + ", more than the "
                            + maxDays + " days from today (" + today + ") that the lifecycle policy allows",
                    "set 'expires:' to " + today.plusDays(maxDays) + " or earlier, or 'permanent: true' for a "
                            + "long-lived operational flag"));
        }
        if (lifecycle.isExpired(today)) {
            problems.add(Problem.of(policy.expiredIsError() ? ProblemCode.E_EXPIRED : ProblemCode.W_EXPIRED,
                    flag.origin(), "flag '" + key + "' expired on " + lifecycle.expires()
                            + (lifecycle.owners().isEmpty() ? "" : " (owner " + String.join(", ", lifecycle.owners())
                            + ")"),
                    "remove the flag and its overrides once no code reads it, or move 'expires:' to a later day"));
        }
        return problems;
    }
}
