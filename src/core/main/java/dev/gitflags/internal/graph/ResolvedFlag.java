package dev.gitflags.internal.graph;

import dev.gitflags.internal.model.BucketingScheme;
import dev.gitflags.internal.model.Flag;
import dev.gitflags.internal.model.FlagField;
import dev.gitflags.internal.model.FlagStatus;
import dev.gitflags.internal.model.FlagType;
import dev.gitflags.internal.model.Rule;
import dev.gitflags.internal.model.Values;
import dev.gitflags.internal.model.Variant;

import java.util.List;
import java.util.Map;

/**
 * A flag as one environment sees it after inheritance. Objects are shared between environments that resolve a
 * flag the same way, so identity equality means "resolves identically".
 *
 * @param provenance for every {@link FlagField}, the layer that supplied it
 * @param bucketing  the repository's bucketing ({@code gitflags.yaml}), which its rollouts and split use
 */
public record ResolvedFlag(Flag base, boolean enabled, Object defaultValue, Integer rolloutPercentage,
                           List<Rule> rules, List<Variant> variants, Map<FlagField, Provenance> provenance,
                           BucketingScheme bucketing) {

    public ResolvedFlag {
        rules = List.copyOf(rules);
        variants = List.copyOf(variants);
        provenance = Values.immutableEnumMap(FlagField.class, provenance);
        bucketing = bucketing == null ? BucketingScheme.GITFLAGS : bucketing;
    }

    /** A resolved flag with gitflags' own bucketing. */
    public ResolvedFlag(Flag base, boolean enabled, Object defaultValue, Integer rolloutPercentage,
                        List<Rule> rules, List<Variant> variants, Map<FlagField, Provenance> provenance) {
        this(base, enabled, defaultValue, rolloutPercentage, rules, variants, provenance, BucketingScheme.GITFLAGS);
    }

    public String key() {
        return base.key();
    }

    public FlagType type() {
        return base.type();
    }

    public FlagStatus status() {
        return base.status();
    }

    public Object get(FlagField field) {
        return switch (field) {
            case ENABLED -> enabled;
            case DEFAULT_VALUE -> defaultValue;
            case ROLLOUT_PERCENTAGE -> rolloutPercentage;
            case RULES -> rules;
            case VARIANTS -> variants;
        };
    }

    /**
     * This flag with {@code field} resolved to {@code value} instead ({@code null} rollout: none) and its
     * provenance left as it is: what requests would get if that one field said otherwise.
     */
    @SuppressWarnings("unchecked")
    public ResolvedFlag with(FlagField field, Object value) {
        return new ResolvedFlag(base,
                field == FlagField.ENABLED ? (Boolean) value : enabled,
                field == FlagField.DEFAULT_VALUE ? value : defaultValue,
                field == FlagField.ROLLOUT_PERCENTAGE ? (Integer) value : rolloutPercentage,
                field == FlagField.RULES ? (List<Rule>) value : rules,
                field == FlagField.VARIANTS ? (List<Variant>) value : variants,
                provenance, bucketing);
    }

    public Provenance provenanceOf(FlagField field) {
        return provenance.get(field);
    }
}
