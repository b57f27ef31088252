package dev.gitflags.internal.eval;

import dev.gitflags.Context;

import java.util.Map;

/**
 * Who a flag is evaluated for: the targeting key (used for bucketing; may be null) and attributes for rules.
 * Attribute values are Boolean, String, Long, Double, or lists/maps of those. The map-backed {@link Context}.
 */
public record EvaluationContext(String targetingKey, Map<String, Object> attributes) implements Context {

    public static final EvaluationContext EMPTY = new EvaluationContext(null, Map.of());

    public EvaluationContext {
        attributes = attributes == null ? Map.of() : attributes;
    }

    /** The attribute, with {@code targetingKey} also reachable by that name; null when absent. */
    @Override
    public Object attribute(String name) {
        Object value = attributes.get(name);
        if (value == null && "targetingKey".equals(name)) {
            return targetingKey;
        }
        return value;
    }
}
