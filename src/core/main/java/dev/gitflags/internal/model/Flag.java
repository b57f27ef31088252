package dev.gitflags.internal.model;

import java.util.List;
import java.util.Map;

/**
 * A base flag definition from {@code flags/*.yaml}. The overridable fields ({@link FlagField}) are what
 * environments inherit; {@code fieldOrigins} says where each one was written (the flag's own origin when the
 * field took its default).
 *
 * @param variants  sorted by variant key, the order splits use
 * @param rules     sorted by priority, ties in file order
 * @param lifecycle owner, expiry and permanence, which no environment overrides
 */
public record Flag(String key, String name, String description, FlagType type, FlagStatus status,
                   boolean enabled, Object defaultValue, Integer rolloutPercentage, List<Rule> rules,
                   List<Variant> variants, List<String> tags, Map<String, Object> metadata,
                   FlagLifecycle lifecycle, Map<FlagField, Origin> fieldOrigins, Origin origin) {

    public Flag {
        rules = List.copyOf(rules);
        variants = List.copyOf(variants);
        tags = List.copyOf(tags);
        metadata = Values.immutableMap(metadata);
        fieldOrigins = Values.immutableEnumMap(FlagField.class, fieldOrigins);
        lifecycle = lifecycle == null ? FlagLifecycle.NONE : lifecycle;
    }

    /** A flag whose definition says nothing of its owner or lifetime ({@link FlagLifecycle#NONE}). */
    public Flag(String key, String name, String description, FlagType type, FlagStatus status, boolean enabled,
                Object defaultValue, Integer rolloutPercentage, List<Rule> rules, List<Variant> variants,
                List<String> tags, Map<String, Object> metadata, Map<FlagField, Origin> fieldOrigins, Origin origin) {
        this(key, name, description, type, status, enabled, defaultValue, rolloutPercentage, rules, variants, tags,
                metadata, FlagLifecycle.NONE, fieldOrigins, origin);
    }

    /** The value of an overridable field, typed as {@link FlagOverride#get} returns it. */
    public Object get(FlagField field) {
        return switch (field) {
            case ENABLED -> enabled;
            case DEFAULT_VALUE -> defaultValue;
            case ROLLOUT_PERCENTAGE -> rolloutPercentage;
            case RULES -> rules;
            case VARIANTS -> variants;
        };
    }

    public Origin originOf(FlagField field) {
        return fieldOrigins.getOrDefault(field, origin);
    }
}
