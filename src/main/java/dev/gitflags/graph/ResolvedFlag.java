package dev.gitflags.graph;

import dev.gitflags.model.Flag;
import dev.gitflags.model.FlagField;
import dev.gitflags.model.FlagStatus;
import dev.gitflags.model.FlagType;
import dev.gitflags.model.Rule;
import dev.gitflags.model.Values;
import dev.gitflags.model.Variant;

import java.util.List;
import java.util.Map;

/**
 * A flag as one environment sees it after inheritance. Objects are shared between environments that resolve a
 * flag the same way, so identity equality means "resolves identically".
 *
 * @param provenance for every {@link FlagField}, the layer that supplied it
 */
public record ResolvedFlag(Flag base, boolean enabled, Object defaultValue, Integer rolloutPercentage,
                           List<Rule> rules, List<Variant> variants, Map<FlagField, Provenance> provenance) {

    public ResolvedFlag {
        rules = List.copyOf(rules);
        variants = List.copyOf(variants);
        provenance = Values.immutableEnumMap(FlagField.class, provenance);
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

    public Provenance provenanceOf(FlagField field) {
        return provenance.get(field);
    }
}
