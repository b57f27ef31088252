package dev.gitflags.internal.analysis;

import dev.gitflags.internal.Snapshot;
import dev.gitflags.internal.diff.FieldValues;
import dev.gitflags.internal.eval.FlagBehaviour;
import dev.gitflags.internal.graph.Provenance;
import dev.gitflags.internal.graph.ResolvedFlag;
import dev.gitflags.internal.model.Environment;
import dev.gitflags.internal.model.Flag;
import dev.gitflags.internal.model.FlagField;
import dev.gitflags.internal.model.FlagOverride;
import dev.gitflags.internal.model.FlagStatus;
import dev.gitflags.internal.model.Origin;
import dev.gitflags.internal.model.Problem;
import dev.gitflags.internal.model.ProblemCode;

import java.util.ArrayDeque;
import java.util.ArrayList;
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

    /**
     * Every dead override field of {@code snapshot}, in environment tree order and then in file order.
     * Environments are analysed in parallel; each is independent of the others' results.
     */
    public static List<DeadField> find(Snapshot snapshot) {
        Analysis analysis = new Analysis(snapshot);
        return snapshot.graph().treeOrder().parallelStream()
                .filter(analysis.seenThrough::contains)
                .flatMap(slug -> analysis.deadFieldsOf(snapshot.environments().get(slug)).stream())
                .toList();
    }

    /** {@link #find} as {@link ProblemCode#W_DEAD_OVERRIDE} warnings, each at the field's key. */
    public static List<Problem> problems(Snapshot snapshot) {
        return find(snapshot).stream().map(dead -> problem(snapshot, dead)).toList();
    }

    /**
     * What one {@link #find} needs to know of the snapshot, worked out once: the environments by their position
     * in tree order, with their children, overrides and whether they are served, so the walk down from an
     * override looks up no slug.
     */
    private static final class Analysis {

        /**
         * The lists one walk down from an override uses, made once per environment and reused by each of its
         * walks: the to-do positions with their flags, and what was reached (served positions, distinct flags).
         */
        private record Walk(Deque<Integer> positionsToVisit, Deque<ResolvedFlag> flagsToVisit,
                            List<Integer> reachedServed, List<ResolvedFlag> reached) {
            Walk() {
                this(new ArrayDeque<>(), new ArrayDeque<>(), new ArrayList<>(), new ArrayList<>());
            }
        }

        private final Snapshot snapshot;
        private final boolean inheritance;
        private final List<String> slugs;
        private final Map<String, Integer> positions = new HashMap<>();
        private final int[][] children;
        private final boolean[] served;
        private final List<Map<String, FlagOverride>> overrides = new ArrayList<>();
        private final Set<String> seenThrough;

        Analysis(Snapshot snapshot) {
            this.snapshot = snapshot;
            this.inheritance = snapshot.settings().inheritance();
            this.slugs = snapshot.graph().treeOrder();
            for (int i = 0; i < slugs.size(); i++) {
                positions.put(slugs.get(i), i);
                overrides.add(snapshot.environments().get(slugs.get(i)).overrides());
            }
            children = new int[slugs.size()][];
            served = new boolean[slugs.size()];
            Set<String> servedSlugs = new HashSet<>();
            for (int i = 0; i < slugs.size(); i++) {
                children[i] = snapshot.graph().children(slugs.get(i)).stream().mapToInt(positions::get).toArray();
                served[i] = snapshot.serves(slugs.get(i));
                if (served[i]) {
                    servedSlugs.add(slugs.get(i));
                }
            }
            this.seenThrough = seenThroughByServed(snapshot, servedSlugs, inheritance);
        }

        List<DeadField> deadFieldsOf(Environment environment) {
            List<DeadField> dead = new ArrayList<>();
            // what each resolved flag answers, computed once per environment (flags are shared between fields)
            Map<ResolvedFlag, FlagBehaviour> behaviours = new IdentityHashMap<>();
            Walk walk = new Walk();
            Map<String, ResolvedFlag> resolved = snapshot.resolved().get(environment.slug()).flags();
            Map<String, ResolvedFlag> parentResolved = inheritance && environment.parent() != null
                    ? snapshot.resolved().get(environment.parent()).flags() : null;
            int position = positions.get(environment.slug());
            for (FlagOverride override : environment.overrides().values()) {
                Flag base = snapshot.flags().get(override.flagKey());
                if (base == null) {
                    continue; // another flag's override in a scoped load
                }
                ResolvedFlag own = resolved.get(override.flagKey());
                ResolvedFlag parent = parentResolved == null ? null : parentResolved.get(override.flagKey());
                for (FlagField field : override.fields().keySet()) {
                    Object inherited = parent != null ? parent.get(field) : base.get(field);
                    DeadField found = deadField(position, override, own, field, inherited, behaviours, walk);
                    if (found != null) {
                        dead.add(found);
                    }
                }
            }
            return dead;
        }

        private DeadField deadField(int position, FlagOverride override, ResolvedFlag own, FlagField field,
                                    Object inherited, Map<ResolvedFlag, FlagBehaviour> behaviours, Walk walk) {
            String key = override.flagKey();
            collectReached(position, key, field, own, walk);
            List<Integer> reachedServed = walk.reachedServed();
            List<ResolvedFlag> reached = walk.reached();
            Cause cause;
            if (reachedServed.isEmpty()) {
                cause = Cause.SHADOWED;
            } else if (FieldValues.same(field, override.get(field), inherited)) {
                cause = Cause.SAME_AS_INHERITED;
            } else {
                boolean disabledEverywhere = true;
                for (ResolvedFlag flag : reached) {
                    // environments that resolve the flag identically share one object, so each is checked once
                    if (!behaviours.computeIfAbsent(flag, FlagBehaviour::of).sameAs(flag.with(field, inherited))) {
                        return null;
                    }
                    disabledEverywhere &= flag.status() != FlagStatus.ACTIVE || !flag.enabled();
                }
                cause = disabledEverywhere ? Cause.FLAG_DISABLED : Cause.NO_EFFECT;
            }
            return new DeadField(slugs.get(position), key, field, override.originOf(field), cause,
                    reachedServed.stream().map(slugs::get).toList());
        }

        /**
         * The served environments that take {@code field} of {@code key} from the one at {@code start}, and their
         * distinct resolved flags, into {@code walk}: that environment itself and, with inheritance, every
         * descendant reached without passing one that sets the field itself. A descendant that does not override
         * the flag resolves it to its parent's very object (see {@link dev.gitflags.internal.graph.Resolver}), so only
         * overriding ones are looked up.
         */
        private void collectReached(int start, String key, FlagField field, ResolvedFlag own, Walk walk) {
            Deque<Integer> positionsToVisit = walk.positionsToVisit();
            Deque<ResolvedFlag> flagsToVisit = walk.flagsToVisit();
            List<Integer> reachedServed = walk.reachedServed();
            List<ResolvedFlag> reached = walk.reached();
            reachedServed.clear();
            reached.clear();
            positionsToVisit.push(start);
            flagsToVisit.push(own);
            while (!positionsToVisit.isEmpty()) {
                int current = positionsToVisit.pop();
                ResolvedFlag flag = flagsToVisit.pop();
                if (served[current]) {
                    reachedServed.add(current);
                    addOnce(reached, flag);
                }
                if (!inheritance) {
                    continue;
                }
                int[] below = children[current];
                for (int i = below.length - 1; i >= 0; i--) { // pushed in reverse, so they pop in tree order
                    FlagOverride childOverride = overrides.get(below[i]).get(key);
                    if (childOverride == null) {
                        positionsToVisit.push(below[i]);
                        flagsToVisit.push(flag);
                    } else if (!childOverride.sets(field)) {
                        positionsToVisit.push(below[i]);
                        flagsToVisit.push(snapshot.resolved().get(slugs.get(below[i])).flag(key));
                    }
                }
            }
        }
    }

    /** Adds {@code flag} unless that very object is there: the list holds a few, often shared by environments. */
    private static void addOnce(List<ResolvedFlag> flags, ResolvedFlag flag) {
        for (int i = 0, size = flags.size(); i < size; i++) {
            if (flags.get(i) == flag) {
                return;
            }
        }
        flags.add(flag);
    }

    /** The environments some served environment sees through: served ones and, with inheritance, their ancestors. */
    private static Set<String> seenThroughByServed(Snapshot snapshot, Set<String> served, boolean inheritance) {
        Set<String> seen = new HashSet<>();
        List<String> order = snapshot.graph().treeOrder();
        for (int i = order.size() - 1; i >= 0; i--) { // children before parents
            String slug = order.get(i);
            if (served.contains(slug)
                    || inheritance && snapshot.graph().children(slug).stream().anyMatch(seen::contains)) {
                seen.add(slug);
            }
        }
        return seen;
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
