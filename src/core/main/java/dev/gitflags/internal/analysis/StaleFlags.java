package dev.gitflags.internal.analysis;

import dev.gitflags.internal.Snapshot;
import dev.gitflags.internal.eval.FlagBehaviour;
import dev.gitflags.internal.graph.ResolvedEnvironment;
import dev.gitflags.internal.graph.ResolvedFlag;
import dev.gitflags.internal.load.FlagScope;
import dev.gitflags.internal.model.Flag;
import dev.gitflags.internal.model.LifecyclePolicy;
import dev.gitflags.internal.model.Origin;
import dev.gitflags.internal.view.ValueText;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Flags and overrides that are due for removal, as of one day: flags past their {@code expires}; flags first
 * defined longer ago than the policy's {@code max_lifetime_days}; flags that serve one and the same answer to every
 * request in every served environment and have done so for {@code unchanged_days} (done rolling out); and
 * override fields that change nothing ({@link DeadOverrides}). Whether a flag serves one answer is
 * {@link FlagBehaviour#onlyAnswer()}, the evaluator's own steps, so a flag some request gets another value from is
 * never listed.
 */
public final class StaleFlags {

    private StaleFlags() {
    }

    /** Why something is stale. */
    public enum Reason {
        /** Past its {@code expires} day. */
        EXPIRED,
        /** First defined longer ago than {@code max_lifetime_days}. */
        TOO_OLD,
        /** One answer everywhere, unchanged for {@code unchanged_days}: done rolling out. */
        SETTLED,
        /** An override field that changes nothing or cannot take effect. */
        DEAD_OVERRIDE
    }

    /**
     * One stale thing: a flag ({@code environment} null) or one override field of it.
     *
     * @param detail what makes it stale, in words
     */
    public record Finding(String flagKey, String environment, Origin origin, Reason reason, String detail) {
    }

    /**
     * What {@link #find} found, and where the history it read ends when that limits what it could say (a shallow
     * clone: ages are at least what is said; a flag younger than {@code unchanged_days} of history is not called
     * settled).
     */
    public record Report(List<Finding> findings, String historyNote) {

        public Report {
            findings = List.copyOf(findings);
        }
    }

    /**
     * The stale flags and overrides of {@code snapshot} on {@code today}. {@code history} is the git history of the
     * snapshot's commit, or null when there is none (then ages and settledness are not known and not reported).
     */
    public static Report find(Snapshot snapshot, LocalDate today, ConfigHistory history) {
        LifecyclePolicy policy = snapshot.settings().lifecycle();
        Instant startOfToday = today.atStartOfDay(ZoneOffset.UTC).toInstant();
        List<Finding> findings = new ArrayList<>();
        for (Flag flag : snapshot.flags().values()) {
            if (flag.lifecycle().isExpired(today)) {
                findings.add(new Finding(flag.key(), null, flag.origin(), Reason.EXPIRED,
                        "expired on " + flag.lifecycle().expires() + owners(flag)));
            }
        }
        if (history != null && policy.maxLifetimeDays() != null) {
            List<String> mortal = snapshot.flags().values().stream().filter(flag -> !flag.lifecycle().permanent())
                    .map(Flag::key).toList();
            history.firstDefined(mortal).forEach((key, first) -> {
                long days = Duration.between(first.time(), startOfToday).toDays();
                if (days > policy.maxLifetimeDays()) {
                    Flag flag = snapshot.flags().get(key);
                    findings.add(new Finding(key, null, flag.origin(), Reason.TOO_OLD,
                            (first.atLeast() ? "at least " : "") + days + " days old (first defined in "
                                    + first.commit().substring(0, 12) + ", " + LocalDate.ofInstant(first.time(),
                                    ZoneOffset.UTC) + "), over the " + policy.maxLifetimeDays()
                                    + " days the lifecycle policy allows" + owners(flag)));
                }
            });
        }
        Map<String, FlagBehaviour.Answer> settledNow = new LinkedHashMap<>();
        for (String key : snapshot.flagKeys()) {
            onlyAnswerEverywhere(snapshot, key).ifPresent(answer -> settledNow.put(key, answer));
        }
        if (history != null && !settledNow.isEmpty()) {
            Instant then = startOfToday.minus(Duration.ofDays(policy.unchangedDays()));
            // a full load: every served environment must be seen, and a scope reads only those that mention a key
            Optional<Snapshot> before = history.asOf(then, FlagScope.ALL);
            settledNow.forEach((key, answer) -> {
                boolean settledThen = before.isPresent() && before.get().flags().containsKey(key)
                        && onlyAnswerEverywhere(before.get(), key).equals(Optional.of(answer))
                        && before.get().resolved().keySet().stream().filter(before.get()::serves).toList()
                        .equals(snapshot.resolved().keySet().stream().filter(snapshot::serves).toList());
                if (settledThen) {
                    Flag flag = snapshot.flags().get(key);
                    findings.add(new Finding(key, null, flag.origin(), Reason.SETTLED,
                            "serves " + ValueText.value(answer.value()) + " (" + answer.reason() + ") to every request"
                                    + " in every served environment, unchanged for " + policy.unchangedDays()
                                    + " days: done rolling out" + owners(flag)));
                }
            });
        }
        for (DeadOverrides.DeadField dead : DeadOverrides.find(snapshot)) {
            findings.add(new Finding(dead.flagKey(), dead.environment(), dead.origin(), Reason.DEAD_OVERRIDE,
                    dead.field().yamlName() + " in " + dead.environment() + " " + switch (dead.cause()) {
                        case SAME_AS_INHERITED -> "equals what it inherits";
                        case SHADOWED -> "is set again by every served environment below";
                        case FLAG_DISABLED -> "applies only where the flag is disabled";
                        case NO_EFFECT -> "changes nothing any request gets";
                    }));
        }
        findings.sort(Comparator.comparing(Finding::origin).thenComparing(Finding::reason));
        return new Report(findings, historyNote(history));
    }

    /**
     * The one answer {@code key} gives every request in every served environment; empty when some environment
     * can answer otherwise, the answers differ between environments, or no environment is served.
     */
    public static Optional<FlagBehaviour.Answer> onlyAnswerEverywhere(Snapshot snapshot, String key) {
        FlagBehaviour.Answer only = null;
        for (ResolvedEnvironment environment : snapshot.resolved().values()) {
            if (!snapshot.serves(environment.environment().slug())) {
                continue;
            }
            ResolvedFlag flag = environment.flag(key);
            Optional<FlagBehaviour.Answer> answer = flag == null ? Optional.empty()
                    : FlagBehaviour.of(flag).onlyAnswer();
            if (answer.isEmpty() || (only != null && !only.equals(answer.get()))) {
                return Optional.empty();
            }
            only = answer.get();
        }
        return Optional.ofNullable(only);
    }

    private static String owners(Flag flag) {
        return flag.lifecycle().owners().isEmpty() ? "" : " (owner " + String.join(", ", flag.lifecycle().owners())
                + ")";
    }

    private static String historyNote(ConfigHistory history) {
        if (history == null) {
            return "no git history: ages and how long a flag has served one value are not known";
        }
        ConfigHistory.End end = history.end();
        return end.shallow() ? end.shallowNote() + ": ages are at least what is shown, and a flag is called settled"
                + " only when that history covers the unchanged days" : null;
    }
}
