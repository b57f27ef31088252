package dev.gitflags.analysis;

import dev.gitflags.Snapshot;
import dev.gitflags.diff.FieldValues;
import dev.gitflags.eval.FlagBehaviour;
import dev.gitflags.graph.Provenance;
import dev.gitflags.graph.ResolvedFlag;
import dev.gitflags.model.Environment;
import dev.gitflags.model.Flag;
import dev.gitflags.model.FlagField;
import dev.gitflags.model.FlagOverride;
import dev.gitflags.model.FlagStatus;
import dev.gitflags.model.Origin;
import dev.gitflags.model.Problem;
import dev.gitflags.model.ProblemCode;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Override fields that can never take effect. A field an environment sets is dead when removing it would change
 * nothing any request gets — value, variant or reason, with or without a targeting key — in any served environment
 * that takes the field from it: the environment itself when it is served, and each served descendant that
 * inherits the field rather than setting it. Whether a request could notice is decided by {@link FlagBehaviour},
 * which reads the evaluator's own steps, so this never reports a field some request depends on.
 *
 * <p>An environment that no served environment sees through — not served itself (inactive, or not in
 * {@code allowed_environments}) and with no served descendant inheriting from it — is skipped: switching it off
 * already says that its overrides serve nothing.
 *
 * <p>{@link #find} lists the dead fields for tools that act on them; {@link #problems} gives them as located
 * {@link ProblemCode#W_DEAD_OVERRIDE} warnings, which the loader attaches to every valid load.
 */
public final class DeadOverrides {

    /** How many environment names a message lists before "and N more". */
    private static final int NAMES_SHOWN = 4;

    private DeadOverrides() {
    }

    /**
     * One override field that no request can notice.
     *
     * @param environment the environment whose file sets it
     * @param origin      where the field is written (its key)
     * @param served      the served environments that take the field from {@code environment}, in tree order;
     *                    empty when every one of them sets the field itself ({@link Cause#SHADOWED})
     */
    public record DeadField(String environment, String flagKey, FlagField field, Origin origin, Cause cause,
                            List<String> served) {

        public DeadField {
            served = List.copyOf(served);
        }
    }

    /** Why a dead field cannot take effect. */
    public enum Cause {
        /** It sets the value the environment inherits anyway. */
        SAME_AS_INHERITED,
        /** No served environment takes it: each served one below sets the field itself. */
        SHADOWED,
        /** The flag is disabled ({@code enabled: false}, or its status is not active) wherever the field applies. */
        FLAG_DISABLED,
        /**
         * Every request gets the same answer without it: an earlier step answers them all (a rule everyone
         * matches, a full split, a 100 % rollout), or it differs only in what no request sees (a rule's name).
         */
        NO_EFFECT
    }

    /** Every dead override field of {@code snapshot}, in environment tree order and then in file order. */
    public static List<DeadField> find(Snapshot snapshot) {
        boolean inheritance = snapshot.settings().inheritance();
        Set<String> seenThrough = seenThroughByServed(snapshot, inheritance);
        List<DeadField> dead = new ArrayList<>();
        for (String slug : snapshot.graph().treeOrder()) {
            if (!seenThrough.contains(slug)) {
                continue;
            }
            Environment environment = snapshot.environments().get(slug);
            for (FlagOverride override : environment.overrides().values()) {
                Flag base = snapshot.flags().get(override.flagKey());
                if (base == null) {
                    continue; // another flag's override in a scoped load
                }
                for (FlagField field : override.fields().keySet()) {
                    DeadField found = deadField(snapshot, environment, override, base, field, inheritance);
                    if (found != null) {
                        dead.add(found);
                    }
                }
            }
        }
        return dead;
    }

    /** {@link #find} as {@link ProblemCode#W_DEAD_OVERRIDE} warnings, each at the field's key. */
    public static List<Problem> problems(Snapshot snapshot) {
        return find(snapshot).stream().map(dead -> problem(snapshot, dead)).toList();
    }

    private static DeadField deadField(Snapshot snapshot, Environment environment, FlagOverride override, Flag base,
                                       FlagField field, boolean inheritance) {
        String key = override.flagKey();
        ResolvedFlag parent = inheritance && environment.parent() != null
                ? snapshot.flag(environment.parent(), key).orElse(null) : null;
        Object inherited = parent != null ? parent.get(field) : base.get(field);
        List<String> served = new ArrayList<>();
        Set<ResolvedFlag> reached = Collections.newSetFromMap(new IdentityHashMap<>());
        collectReached(snapshot, environment.slug(), key, field, inheritance, served, reached);
        Origin origin = override.originOf(field);
        if (served.isEmpty()) {
            return new DeadField(environment.slug(), key, field, origin, Cause.SHADOWED, served);
        }
        boolean disabledEverywhere = true;
        for (ResolvedFlag flag : reached) {
            // environments that resolve the flag identically share one object, so each is checked once
            if (!FlagBehaviour.of(flag).sameAs(FlagBehaviour.of(flag.with(field, inherited)))) {
                return null;
            }
            disabledEverywhere &= flag.status() != FlagStatus.ACTIVE || !flag.enabled();
        }
        Cause cause = FieldValues.same(field, override.get(field), inherited) ? Cause.SAME_AS_INHERITED
                : disabledEverywhere ? Cause.FLAG_DISABLED : Cause.NO_EFFECT;
        return new DeadField(environment.slug(), key, field, origin, cause, served);
    }

    /**
     * The served environments that take {@code field} of {@code key} from {@code slug}, and their resolved flags:
     * the environment itself and, with inheritance, every descendant reached without passing one that sets the
     * field itself.
     */
    private static void collectReached(Snapshot snapshot, String slug, String key, FlagField field,
                                       boolean inheritance, List<String> served, Set<ResolvedFlag> reached) {
        Deque<String> todo = new ArrayDeque<>();
        todo.push(slug);
        while (!todo.isEmpty()) {
            String current = todo.pop();
            if (!current.equals(slug)) {
                FlagOverride own = snapshot.environments().get(current).overrides().get(key);
                if (own != null && own.sets(field)) {
                    continue;
                }
            }
            if (snapshot.serves(current)) {
                served.add(current);
                snapshot.flag(current, key).ifPresent(reached::add);
            }
            if (inheritance) {
                List<String> children = snapshot.graph().children(current);
                for (int i = children.size() - 1; i >= 0; i--) {
                    todo.push(children.get(i)); // so that they pop in name order: tree order
                }
            }
        }
    }

    /** The environments some served environment sees through: served ones and, with inheritance, their ancestors. */
    private static Set<String> seenThroughByServed(Snapshot snapshot, boolean inheritance) {
        Map<String, Boolean> seen = new HashMap<>();
        List<String> order = snapshot.graph().treeOrder();
        for (int i = order.size() - 1; i >= 0; i--) { // children before parents
            String slug = order.get(i);
            boolean through = snapshot.serves(slug);
            if (inheritance) {
                for (String child : snapshot.graph().children(slug)) {
                    through |= seen.getOrDefault(child, false);
                }
            }
            seen.put(slug, through);
        }
        Set<String> result = new HashSet<>();
        seen.forEach((slug, through) -> {
            if (through) {
                result.add(slug);
            }
        });
        return result;
    }

    private static Problem problem(Snapshot snapshot, DeadField dead) {
        String field = dead.field().yamlName();
        String what = field + " of '" + dead.flagKey() + "' in " + dead.environment() + " can never take effect: ";
        return switch (dead.cause()) {
            case SAME_AS_INHERITED -> Problem.of(ProblemCode.W_DEAD_OVERRIDE, dead.origin(),
                    what + "it is the value " + dead.environment() + " inherits anyway, from "
                            + inheritedFrom(snapshot, dead),
                    "remove it; " + dead.environment() + " inherits the same value");
            case SHADOWED -> Problem.of(ProblemCode.W_DEAD_OVERRIDE, dead.origin(),
                    what + dead.environment() + " is not served, and every served environment below it sets "
                            + field + " itself",
                    "remove it, or let the environments below inherit it");
            case FLAG_DISABLED -> Problem.of(ProblemCode.W_DEAD_OVERRIDE, dead.origin(),
                    what + "the flag is disabled wherever it applies (" + names(dead.served()) + ")"
                            + disabledBy(snapshot, dead),
                    "remove it, or enable the flag where it should apply");
            case NO_EFFECT -> Problem.of(ProblemCode.W_DEAD_OVERRIDE, dead.origin(),
                    what + "without it, every request in " + names(dead.served())
                            + " gets the same value, variant and reason",
                    "remove it, or change the rule, split or rollout that answers those requests first");
        };
    }

    /** "production at environments/production.yaml:7" or "the base flag at flags/x.yaml:4". */
    private static String inheritedFrom(Snapshot snapshot, DeadField dead) {
        Environment environment = snapshot.environments().get(dead.environment());
        Provenance provenance = snapshot.settings().inheritance() && environment.parent() != null
                ? snapshot.flag(environment.parent(), dead.flagKey()).orElseThrow().provenanceOf(dead.field())
                : new Provenance(null, snapshot.flags().get(dead.flagKey()).originOf(dead.field()));
        return (provenance.isBase() ? "the base flag" : provenance.environment()) + " at "
                + provenance.origin().fileAndLine();
    }

    /** ", by enabled: false at environments/x.yaml:4" or ", by status: archived", when every environment agrees. */
    private static String disabledBy(Snapshot snapshot, DeadField dead) {
        Set<String> reasons = new HashSet<>();
        for (String slug : dead.served()) {
            ResolvedFlag flag = snapshot.flag(slug, dead.flagKey()).orElseThrow();
            reasons.add(flag.status() != FlagStatus.ACTIVE ? "status: " + flag.status().yamlName()
                    : "enabled: false at " + flag.provenanceOf(FlagField.ENABLED).origin().fileAndLine());
        }
        return reasons.size() == 1 ? ", by " + reasons.iterator().next() : "";
    }

    private static String names(List<String> environments) {
        if (environments.size() <= NAMES_SHOWN) {
            return String.join(", ", environments);
        }
        return String.join(", ", environments.subList(0, NAMES_SHOWN)) + " and "
                + (environments.size() - NAMES_SHOWN) + " more";
    }
}
