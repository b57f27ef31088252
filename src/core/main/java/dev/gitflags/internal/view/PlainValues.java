package dev.gitflags.internal.view;

import dev.gitflags.internal.graph.ResolvedFlag;
import dev.gitflags.internal.model.Condition;
import dev.gitflags.internal.model.FlagField;
import dev.gitflags.internal.model.Rule;
import dev.gitflags.internal.model.Serve;
import dev.gitflags.internal.model.Variant;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Model values as plain maps, lists and scalars in the vocabulary of the YAML files (same field names, absent
 * optional fields left out), ready for a JSON or YAML writer. The one plain form of every view that prints data:
 * {@code resolve}, {@code explain}, {@code promote} and {@code diff} as JSON or YAML, and the REST API's rules and
 * variants. Written back into a flag file, a plain form means what the original means.
 */
public final class PlainValues {

    private PlainValues() {
    }

    /** A resolved flag as a {@code flags/*.yaml} entry (without its key). */
    public static Map<String, Object> flag(ResolvedFlag flag) {
        Map<String, Object> map = new LinkedHashMap<>();
        putIfPresent(map, "name", flag.base().name());
        putIfPresent(map, "description", flag.base().description());
        map.put("type", flag.type().yamlName());
        map.put("status", flag.status().yamlName());
        for (FlagField field : FlagField.values()) {
            putIfPresent(map, field.yamlName(), field(field, flag.get(field)));
        }
        if (!flag.base().tags().isEmpty()) {
            map.put("tags", flag.base().tags());
        }
        if (!flag.base().metadata().isEmpty()) {
            map.put("metadata", flag.base().metadata());
        }
        return map;
    }

    /**
     * The value of one overridable field, typed as {@link ResolvedFlag#get} returns it: rules as a list of rule
     * maps, variants as a map by key; flag values are already plain. Null stays null (the field is absent).
     */
    @SuppressWarnings("unchecked")
    public static Object field(FlagField field, Object value) {
        if (value == null) {
            return null;
        }
        return switch (field) {
            case RULES -> ((List<Rule>) value).stream().map(PlainValues::rule).toList();
            case VARIANTS -> variants((List<Variant>) value);
            default -> value;
        };
    }

    /** {@code {name, priority, enabled (only when false), conditions, serve, rollout_percentage (when set)}}. */
    public static Map<String, Object> rule(Rule rule) {
        Map<String, Object> map = new LinkedHashMap<>();
        putIfPresent(map, "name", rule.name());
        map.put("priority", rule.priority());
        if (!rule.enabled()) {
            map.put("enabled", false);
        }
        List<Map<String, Object>> conditions = new ArrayList<>(rule.conditions().size());
        for (Condition condition : rule.conditions()) {
            Map<String, Object> item = new LinkedHashMap<>();
            item.put("attribute", condition.attribute());
            item.put("operator", condition.operator().yamlName());
            item.put("value", condition.value());
            conditions.add(item);
        }
        map.put("conditions", conditions);
        putIfPresent(map, "serve", serve(rule.serve()));
        putIfPresent(map, "rollout_percentage", rule.rolloutPercentage());
        return map;
    }

    /** A variant key (a string), or {@code {enabled, value}} with {@code value} left out when absent, as in YAML. */
    public static Object serve(Serve serve) {
        if (serve == null) {
            return null;
        }
        if (serve.isVariant()) {
            return serve.variant();
        }
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("enabled", serve.enabled());
        putIfPresent(map, "value", serve.value());
        return map;
    }

    /** Variants by key, in split order, each {@code {value, weight}}. */
    public static Map<String, Object> variants(List<Variant> variants) {
        Map<String, Object> map = new LinkedHashMap<>();
        for (Variant variant : variants) {
            Map<String, Object> item = new LinkedHashMap<>();
            item.put("value", variant.value());
            item.put("weight", variant.weight());
            map.put(variant.key(), item);
        }
        return map;
    }

    private static void putIfPresent(Map<String, Object> map, String key, Object value) {
        if (value != null) {
            map.put(key, value);
        }
    }
}
