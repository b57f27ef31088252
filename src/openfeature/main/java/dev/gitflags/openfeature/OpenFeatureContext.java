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
     * The context's attribute maps, most precedent first ({@link ContextLayers}), found at the first read (a flag
     * without rules reads none): the first one, and the others when there are more (the invocation context alone
     * is the common case, and needs no list). One evaluation's adapter, used by one thread.
     */
    private Map<String, Value> first;
    private List<Map<String, Value>> others;
    private Reading reading = Reading.NOT_YET;

    private enum Reading { NOT_YET, MAPS, GET_VALUE }

    OpenFeatureContext(EvaluationContext context) {
        this.context = context;
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
        if (reading == Reading.NOT_YET) {
            reading = ContextLayers.read(context, this) ? Reading.MAPS : Reading.GET_VALUE;
        }
        Value value = reading == Reading.MAPS ? fromMaps(name) : context.getValue(name);
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
