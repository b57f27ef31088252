package dev.gitflags.openfeature;

import dev.gitflags.Context;
import dev.openfeature.sdk.EvaluationContext;
import dev.openfeature.sdk.Structure;
import dev.openfeature.sdk.Value;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * OpenFeature's evaluation context as gitflags' {@link Context}, read lazily: the evaluator asks for the few
 * attributes its rules name, and only those are looked up and converted (copying the whole context into a map on
 * every call is what makes a naive adapter cost a microsecond).
 */
final class OpenFeatureContext implements Context, ContextLayers.Sink {

    private final EvaluationContext context;
    /**
     * The context's attribute maps, most precedent first ({@link ContextLayers}): the first one, and the others when
     * there are more (the invocation context alone is the common case, and needs no list); or, when {@code direct} is
     * false, none: the context is read through {@code getValue}. One evaluation's adapter, used by one thread.
     */
    private Map<String, Value> first;
    private List<Map<String, Value>> others;
    private final boolean direct;

    /**
     * @param readsAttributes whether attributes will be asked for: false skips finding the layers (reads, if any,
     *                        then go through {@code getValue}: the same answers, slower)
     */
    OpenFeatureContext(EvaluationContext context, boolean readsAttributes) {
        this.context = context;
        // found now rather than at the first read: attribute() stays small enough for the JIT to inline it
        this.direct = context == null || (readsAttributes && ContextLayers.read(context, this));
    }

    /** An adapter that will be asked for attributes. */
    OpenFeatureContext(EvaluationContext context) {
        this(context, true);
    }

    @Override
    public String targetingKey() {
        return context == null ? null : context.getTargetingKey();
    }

    @Override
    public Object attribute(String name) {
        Value value = direct ? fromMaps(name) : context.getValue(name);
        return value == null ? null : plain(value);
    }

    @Override
    public void layer(Map<String, Value> attributes) {
        if (first == null) {
            first = attributes;
        } else {
            if (others == null) {
                others = new ArrayList<>(4);
            }
            others.add(attributes);
        }
    }

    private Value fromMaps(String name) {
        Value value = first == null ? null : first.get(name);
        for (int i = 0, size = others == null ? 0 : others.size(); value == null && i < size; i++) {
            value = others.get(i).get(name);
        }
        return value;
    }

    /** A Value as the evaluator's attribute types: Boolean, String, Long or Double, lists and maps of those. */
    static Object plain(Value value) {
        Object raw = value.asObject();
        // the common scalars first: each test of an interface (Structure, List) scans the class's interfaces
        if (raw instanceof String || raw instanceof Boolean || raw instanceof Double || raw instanceof Long) {
            return raw;
        }
        return raw instanceof Integer integer ? Long.valueOf(integer.longValue()) : converted(raw);
    }

    /** The rarer values, apart so that {@link #plain} stays small: structures, lists, instants. */
    private static Object converted(Object raw) {
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
