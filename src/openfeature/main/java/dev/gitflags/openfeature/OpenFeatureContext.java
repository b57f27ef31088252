package dev.gitflags.openfeature;

import dev.gitflags.Context;
import dev.openfeature.sdk.EvaluationContext;
import dev.openfeature.sdk.ImmutableContext;
import dev.openfeature.sdk.Structure;
import dev.openfeature.sdk.Value;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * OpenFeature's evaluation context as gitflags' {@link Context}, read lazily: the evaluator asks for the few
 * attributes its rules name, and only those are looked up and converted (copying the whole context into a map on
 * every call is what makes a naive adapter cost a microsecond).
 */
final class OpenFeatureContext implements Context {

    private final EvaluationContext context;
    /**
     * An {@link ImmutableContext}'s attributes as its read-only view, or null: its {@code getValue} clones each
     * value it returns (a new object and two failed interface tests per call), which a reader does not need. The
     * client hands providers its own layered context, which has no such view and is read through getValue.
     */
    private final Map<String, Value> attributes;

    OpenFeatureContext(EvaluationContext context) {
        this.context = context;
        this.attributes = context instanceof ImmutableContext immutable ? immutable.asUnmodifiableMap() : null;
    }

    @Override
    public String targetingKey() {
        return context == null ? null : context.getTargetingKey();
    }

    @Override
    public Object attribute(String name) {
        if (context == null) {
            return null;
        }
        Value value = attributes != null ? attributes.get(name) : context.getValue(name);
        return value == null ? null : plain(value);
    }

    /** A Value as the evaluator's attribute types: Boolean, String, Long or Double, lists and maps of those. */
    static Object plain(Value value) {
        Object raw = value.asObject();
        // the common scalars first: each test of an interface (Structure, List) scans the class's interfaces
        if (raw instanceof String || raw instanceof Boolean || raw instanceof Double || raw instanceof Long) {
            return raw;
        }
        if (raw instanceof Integer integer) {
            return integer.longValue();
        }
        if (raw instanceof Structure structure) {
            Map<String, Object> map = new LinkedHashMap<>();
            structure.asMap().forEach((key, item) -> map.put(key, item == null ? null : plain(item)));
            return map;
        }
        if (raw instanceof List<?> list) {
            return list.stream().map(item -> item instanceof Value v ? plain(v) : item).toList();
        }
        if (raw instanceof java.time.Instant instant) {
            return instant.toString();
        }
        return raw;
    }
}
