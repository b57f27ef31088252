package dev.gitflags.internal.model;

import java.util.List;
import java.util.Map;

/**
 * An environment's override of one flag: the subset of {@link FlagField}s it sets. A field that is absent (or
 * was written as {@code null}) is not in {@code fields} and is inherited.
 *
 * <p>Field value types: ENABLED {@link Boolean}, DEFAULT_VALUE a flag value, ROLLOUT_PERCENTAGE {@link Integer},
 * RULES {@code List<Rule>}, VARIANTS {@code List<Variant>}.
 */
public record FlagOverride(String flagKey, Map<FlagField, Object> fields, Map<FlagField, Origin> fieldOrigins,
                       Origin origin) {

    public FlagOverride {
        fields = Values.immutableEnumMap(FlagField.class, fields);
        fieldOrigins = Values.immutableEnumMap(FlagField.class, fieldOrigins);
    }

    public boolean sets(FlagField field) {
        return fields.containsKey(field);
    }

    /** The value this override sets, or null when it inherits the field. */
    public Object get(FlagField field) {
        return fields.get(field);
    }

    public Origin originOf(FlagField field) {
        return fieldOrigins.getOrDefault(field, origin);
    }

    @SuppressWarnings("unchecked")
    public List<Rule> rules() {
        return (List<Rule>) fields.get(FlagField.RULES);
    }

    @SuppressWarnings("unchecked")
    public List<Variant> variants() {
        return (List<Variant>) fields.get(FlagField.VARIANTS);
    }
}
