package dev.gitflags.internal.graph;

import dev.gitflags.internal.model.BucketingScheme;
import dev.gitflags.internal.model.Environment;
import dev.gitflags.internal.model.Flag;
import dev.gitflags.internal.model.FlagField;
import dev.gitflags.internal.model.FlagOverride;
import dev.gitflags.internal.model.Rule;
import dev.gitflags.internal.model.Variant;

import java.util.Collections;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Per-field inheritance, computed once per snapshot: each environment starts from its parent's resolved flags
 * (or the base flags when inheritance is off) and applies only its own overrides. Flags an environment does not
 * override share their parent's {@link ResolvedFlag} object, so 50 environments do not copy 10,000 flags.
 */
public final class Resolver {

    private Resolver() {
    }

    /** {@link #resolveAll(Map, Map, EnvironmentGraph, boolean, BucketingScheme, Map)} with gitflags' bucketing, from scratch. */
    public static Map<String, ResolvedEnvironment> resolveAll(Map<String, Flag> flags,
                                                              Map<String, Environment> environments,
                                                              EnvironmentGraph graph, boolean inheritance) {
        return resolveAll(flags, environments, graph, inheritance, BucketingScheme.GITFLAGS, Map.of());
    }

    /** The resolution below with no flag changed, and no checkpoint: it never gives up. */
    public static Map<String, ResolvedEnvironment> resolveAll(Map<String, Flag> flags,
                                                              Map<String, Environment> environments,
                                                              EnvironmentGraph graph, boolean inheritance,
                                                              BucketingScheme bucketing,
                                                              Map<String, ResolvedEnvironment> previous) {
        return resolveAll(flags, environments, graph, inheritance, bucketing, previous, Set.of(), () -> { });
    }

    /**
     * Resolves every environment of {@code graph}; {@code environments} must be the ones the graph was built from.
     * Every resolved flag carries {@code bucketing}, the repository's setting. {@code previous} was resolved with
     * the same {@code inheritance} and {@code bucketing} from the same {@link Flag} objects by key, except the keys
     * {@code changedFlags} (changed, added or removed). An environment that is the very {@link Environment} object
     * it was resolved from in {@code previous}, below ancestors taken alike (with inheritance), is taken as it was
     * when no flag changed, and otherwise keeps its previous resolution of every other flag and resolves only the
     * changed ones again: what a long-lived loader does, so that a commit resolves again only the environments at or
     * below a changed environment file and, below the others, only the flags of a changed flag file.
     *
     * <p>{@code checkpoint} runs before each environment, each base flag and each override: a load's deadline
     * check, which throws to give up, since a large matrix of environments and flags takes long to resolve.
     */
    public static Map<String, ResolvedEnvironment> resolveAll(Map<String, Flag> flags,
                                                              Map<String, Environment> environments,
                                                              EnvironmentGraph graph, boolean inheritance,
                                                              BucketingScheme bucketing,
                                                              Map<String, ResolvedEnvironment> previous,
                                                              Set<String> changedFlags, Runnable checkpoint) {
        Map<String, ResolvedFlag> base = null;
        // the changed flags' base resolutions, made once so that environments share them as a full resolution does
        Map<String, ResolvedFlag> changedBase = new HashMap<>();
        Map<String, Map<String, ResolvedFlag>> byEnvironment = new HashMap<>();
        Map<String, ResolvedEnvironment> resolved = new HashMap<>();
        Set<String> taken = new HashSet<>();
        for (String slug : graph.treeOrder()) {
            checkpoint.run();
            Environment environment = environments.get(slug);
            boolean fromParent = inheritance && environment.parent() != null;
            ResolvedEnvironment before = previous.get(slug);
            if (before != null && before.environment() == environment
                    && (!fromParent || taken.contains(environment.parent()))) {
                taken.add(slug);
                Map<String, ResolvedFlag> flagsBefore = before.flags();
                if (changedFlags.isEmpty()) {
                    byEnvironment.put(slug, flagsBefore);
                    resolved.put(slug, before);
                    continue;
                }
                Map<String, ResolvedFlag> parent = fromParent ? byEnvironment.get(environment.parent()) : null;
                Map<String, ResolvedFlag> own = new HashMap<>(flagsBefore);
                for (String key : changedFlags) {
                    ResolvedFlag inherited = fromParent ? parent.get(key) : baseOf(key, flags, changedBase, bucketing);
                    if (inherited == null) {
                        own.remove(key);
                        continue;
                    }
                    FlagOverride override = environment.overrides().get(key);
                    own.put(key, override == null ? inherited : apply(inherited, override, slug));
                }
                Map<String, ResolvedFlag> frozen = Collections.unmodifiableMap(own);
                byEnvironment.put(slug, frozen);
                resolved.put(slug, new ResolvedEnvironment(environment, frozen));
                continue;
            }
            if (!fromParent && base == null) {
                base = new HashMap<>(flags.size() * 2);
                for (Map.Entry<String, Flag> flag : flags.entrySet()) {
                    checkpoint.run();
                    base.put(flag.getKey(), changedFlags.contains(flag.getKey())
                            ? baseOf(flag.getKey(), flags, changedBase, bucketing) : ofBase(flag.getValue(), bucketing));
                }
            }
            Map<String, ResolvedFlag> start = fromParent ? byEnvironment.get(environment.parent()) : base;
            Map<String, ResolvedFlag> own = new HashMap<>(start);
            environment.overrides().forEach((key, override) -> {
                checkpoint.run();
                ResolvedFlag inherited = start.get(key);
                if (inherited != null) {
                    own.put(key, apply(inherited, override, slug));
                }
            });
            Map<String, ResolvedFlag> frozen = Collections.unmodifiableMap(own);
            byEnvironment.put(slug, frozen);
            resolved.put(slug, new ResolvedEnvironment(environment, frozen));
        }
        return Collections.unmodifiableMap(resolved);
    }

    private static ResolvedFlag baseOf(String key, Map<String, Flag> flags, Map<String, ResolvedFlag> made,
                                       BucketingScheme bucketing) {
        Flag flag = flags.get(key);
        return flag == null ? null : made.computeIfAbsent(key, any -> ofBase(flag, bucketing));
    }

    /** The base flag as a resolved flag with gitflags' bucketing, every field's provenance the flags/ file. */
    public static ResolvedFlag ofBase(Flag flag) {
        return ofBase(flag, BucketingScheme.GITFLAGS);
    }

    /** The base flag as a resolved flag, every field's provenance the flags/ file. */
    public static ResolvedFlag ofBase(Flag flag, BucketingScheme bucketing) {
        Map<FlagField, Provenance> provenance = new EnumMap<>(FlagField.class);
        for (FlagField field : FlagField.values()) {
            provenance.put(field, new Provenance(null, flag.originOf(field)));
        }
        return new ResolvedFlag(flag, flag.enabled(), flag.defaultValue(), flag.rolloutPercentage(), flag.rules(),
                flag.variants(), provenance, bucketing);
    }

    /** {@code inherited} with the fields {@code override} sets replaced; lists are replaced whole, never merged. */
    @SuppressWarnings("unchecked")
    public static ResolvedFlag apply(ResolvedFlag inherited, FlagOverride override, String environment) {
        if (override.fields().isEmpty()) {
            return inherited;
        }
        Map<FlagField, Provenance> provenance = new EnumMap<>(inherited.provenance());
        override.fields().keySet().forEach(field ->
                provenance.put(field, new Provenance(environment, override.originOf(field))));
        return new ResolvedFlag(inherited.base(),
                (Boolean) pick(override, FlagField.ENABLED, inherited.enabled()),
                pick(override, FlagField.DEFAULT_VALUE, inherited.defaultValue()),
                (Integer) pick(override, FlagField.ROLLOUT_PERCENTAGE, inherited.rolloutPercentage()),
                (List<Rule>) pick(override, FlagField.RULES, inherited.rules()),
                (List<Variant>) pick(override, FlagField.VARIANTS, inherited.variants()),
                provenance, inherited.bucketing());
    }

    private static Object pick(FlagOverride override, FlagField field, Object inherited) {
        return override.sets(field) ? override.get(field) : inherited;
    }
}
