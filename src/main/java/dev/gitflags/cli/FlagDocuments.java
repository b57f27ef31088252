package dev.gitflags.cli;

import dev.gitflags.graph.ResolvedFlag;
import dev.gitflags.model.Condition;
import dev.gitflags.model.FlagField;
import dev.gitflags.model.Rule;
import dev.gitflags.model.Serve;
import dev.gitflags.model.Variant;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Model values as the plain maps and lists the YAML files use (same field names), ready for
 * {@link DocumentWriter}; and the one-line text form of a rule.
 */
public final class FlagDocuments {

    private FlagDocuments() {
    }

    /** A resolved flag in the flags/*.yaml vocabulary; absent optional fields are left out. */
    public static Map<String, Object> resolvedFlag(ResolvedFlag flag) {
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

    /** The value of one overridable field: rules and variants as maps, the rest as they are. */
    @SuppressWarnings("unchecked")
    public static Object field(FlagField field, Object value) {
        return switch (field) {
            case RULES -> ((List<Rule>) value).stream().map(FlagDocuments::rule).toList();
            case VARIANTS -> variants((List<Variant>) value);
            default -> value;
        };
    }

    public static Map<String, Object> rule(Rule rule) {
        Map<String, Object> map = new LinkedHashMap<>();
        putIfPresent(map, "name", rule.name());
        map.put("priority", rule.priority());
        if (!rule.enabled()) {
            map.put("enabled", false);
        }
        List<Map<String, Object>> conditions = new ArrayList<>();
        for (Condition condition : rule.conditions()) {
            Map<String, Object> item = new LinkedHashMap<>();
            item.put("attribute", condition.attribute());
            item.put("operator", condition.operator().yamlName());
            item.put("value", condition.value());
            conditions.add(item);
        }
        map.put("conditions", conditions);
        map.put("serve", serve(rule.serve()));
        putIfPresent(map, "rollout_percentage", rule.rolloutPercentage());
        return map;
    }

    /** A variant key, or {@code {enabled, value}} as written in YAML. */
    public static Object serve(Serve serve) {
        if (serve.isVariant()) {
            return serve.variant();
        }
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("enabled", serve.enabled());
        putIfPresent(map, "value", serve.value());
        return map;
    }

    /** Variants by key (in split order), each {@code {value, weight}}. */
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

    /**
     * {@code launch-countries (priority 20, rollout 30%): country in ["NL","BE"] and plan eq "pro" -> serve true}.
     */
    public static String describeRule(Rule rule) {
        StringBuilder text = new StringBuilder(rule.name() == null ? "(unnamed rule)" : rule.name())
                .append(" (priority ").append(rule.priority());
        if (rule.rolloutPercentage() != null) {
            text.append(", rollout ").append(rule.rolloutPercentage()).append('%');
        }
        if (!rule.enabled()) {
            text.append(", disabled");
        }
        text.append("): ");
        text.append(rule.conditions().isEmpty() ? "always" : rule.conditions().stream()
                .map(condition -> condition.attribute() + " " + condition.operator().yamlName() + " "
                        + DocumentWriter.compactJson(condition.value()))
                .collect(Collectors.joining(" and ")));
        Serve serve = rule.serve();
        text.append(" -> serve ");
        if (serve.isVariant()) {
            text.append("variant ").append(serve.variant());
        } else if (!serve.enabled()) {
            text.append("disabled");
        } else {
            text.append(serve.value() == null ? "the default value" : DocumentWriter.compactJson(serve.value()));
        }
        return text.toString();
    }

    private static void putIfPresent(Map<String, Object> map, String key, Object value) {
        if (value != null) {
            map.put(key, value);
        }
    }
}
