package dev.gitflags.diff;

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
import java.util.Objects;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Equality and one-line text of resolved field values, by meaning: rules and variants compare what they say,
 * not where they were written (their origins and compiled matchers differ between files and snapshots).
 */
public final class FieldValues {

    private FieldValues() {
    }

    /** True when both flags resolve {@code field} to the same value. */
    public static boolean same(FlagField field, ResolvedFlag a, ResolvedFlag b) {
        if (a == b) {
            return true;
        }
        return same(field, a.get(field), b.get(field));
    }

    /**
     * True when every field has the same value in both layers, wherever it was written (a rule copied verbatim
     * into a child's file does not make the child differ). {@code a} and {@code b} give each field's value,
     * e.g. {@code resolvedFlag::get} or {@code flag::get}.
     */
    public static boolean sameResolution(Function<FlagField, Object> a, Function<FlagField, Object> b) {
        for (FlagField field : FlagField.values()) {
            if (!same(field, a.apply(field), b.apply(field))) {
                return false;
            }
        }
        return true;
    }

    /** The fields whose values differ, in {@link FlagField} order; empty when the flags resolve identically. */
    public static List<FlagField> differing(ResolvedFlag a, ResolvedFlag b) {
        if (a == b) {
            return List.of();
        }
        List<FlagField> fields = new ArrayList<>(2);
        for (FlagField field : FlagField.values()) {
            if (!same(field, a.get(field), b.get(field))) {
                fields.add(field);
            }
        }
        return fields;
    }

    /** Value equality of one field; {@code a} and {@code b} are typed as {@link ResolvedFlag#get} returns them. */
    @SuppressWarnings("unchecked")
    public static boolean same(FlagField field, Object a, Object b) {
        if (a == b) {
            return true;
        }
        if (a == null || b == null) {
            return false;
        }
        return switch (field) {
            case RULES -> sameList((List<Rule>) a, (List<Rule>) b, FieldValues::sameRule);
            case VARIANTS -> sameList((List<Variant>) a, (List<Variant>) b, Variant::sameShare);
            default -> a.equals(b);
        };
    }

    /** A short, readable rendering for {@code old → new} lines. */
    @SuppressWarnings("unchecked")
    public static String render(FlagField field, Object value) {
        if (value == null) {
            return field == FlagField.ROLLOUT_PERCENTAGE ? "none" : "null";
        }
        return switch (field) {
            case ROLLOUT_PERCENTAGE -> value + "%";
            case RULES -> ((List<Rule>) value).stream().map(FieldValues::renderRule)
                    .collect(Collectors.joining("; ", "[", "]"));
            case VARIANTS -> ((List<Variant>) value).stream()
                    .map(variant -> variant.key() + "=" + renderValue(variant.value()) + " " + variant.weight() + "%")
                    .collect(Collectors.joining(", ", "{", "}"));
            default -> renderValue(value);
        };
    }

    /** The value as plain JSON-ready data: rules and variants become maps and lists in the YAML vocabulary. */
    @SuppressWarnings("unchecked")
    public static Object toPlain(FlagField field, Object value) {
        if (value == null) {
            return null;
        }
        return switch (field) {
            case RULES -> ((List<Rule>) value).stream().map(FieldValues::plainRule).toList();
            case VARIANTS -> {
                Map<String, Object> variants = new LinkedHashMap<>();
                for (Variant variant : (List<Variant>) value) {
                    Map<String, Object> plain = new LinkedHashMap<>();
                    plain.put("value", variant.value());
                    plain.put("weight", variant.weight());
                    variants.put(variant.key(), plain);
                }
                yield variants;
            }
            default -> value;
        };
    }

    private static Map<String, Object> plainRule(Rule rule) {
        Map<String, Object> plain = new LinkedHashMap<>();
        plain.put("name", rule.name());
        plain.put("priority", rule.priority());
        plain.put("enabled", rule.enabled());
        plain.put("conditions", rule.conditions().stream().map(condition -> {
            Map<String, Object> test = new LinkedHashMap<>();
            test.put("attribute", condition.attribute());
            test.put("operator", condition.operator().yamlName());
            test.put("value", condition.value());
            return test;
        }).toList());
        Serve serve = rule.serve();
        if (serve != null) {
            Map<String, Object> served = new LinkedHashMap<>();
            if (serve.isVariant()) {
                served.put("variant", serve.variant());
            } else {
                served.put("enabled", serve.enabled());
                served.put("value", serve.value());
            }
            plain.put("serve", served);
        }
        plain.put("rollout_percentage", rule.rolloutPercentage());
        return plain;
    }

    /** A JSON-like rendering of a flag value: strings quoted, maps and lists inline. */
    public static String renderValue(Object value) {
        if (value instanceof String text) {
            return '"' + text.replace("\\", "\\\\").replace("\"", "\\\"") + '"';
        }
        if (value instanceof Map<?, ?> map) {
            return map.entrySet().stream().map(entry -> renderValue(String.valueOf(entry.getKey())) + ": "
                    + renderValue(entry.getValue())).collect(Collectors.joining(", ", "{", "}"));
        }
        if (value instanceof List<?> list) {
            return list.stream().map(FieldValues::renderValue).collect(Collectors.joining(", ", "[", "]"));
        }
        return String.valueOf(value);
    }

    private static String renderRule(Rule rule) {
        StringBuilder text = new StringBuilder(rule.name() == null ? "rule" : rule.name())
                .append(" (priority ").append(rule.priority()).append(rule.enabled() ? "" : ", disabled").append("): ");
        text.append(rule.conditions().stream()
                .map(c -> c.attribute() + " " + c.operator().yamlName() + " " + renderValue(c.value()))
                .collect(Collectors.joining(" and ")));
        Serve serve = rule.serve();
        if (serve != null) {
            text.append(" → ").append(serve.isVariant() ? "variant " + serve.variant()
                    : serve.enabled() ? (serve.value() == null ? "default" : renderValue(serve.value())) : "disabled");
        }
        if (rule.rolloutPercentage() != null) {
            text.append(" at ").append(rule.rolloutPercentage()).append('%');
        }
        return text.toString();
    }

    private interface Same<T> {
        boolean test(T a, T b);
    }

    private static <T> boolean sameList(List<T> a, List<T> b, Same<T> same) {
        if (a.size() != b.size()) {
            return false;
        }
        for (int i = 0; i < a.size(); i++) {
            if (!same.test(a.get(i), b.get(i))) {
                return false;
            }
        }
        return true;
    }

    private static boolean sameRule(Rule a, Rule b) {
        return Objects.equals(a.name(), b.name()) && a.priority() == b.priority() && a.enabled() == b.enabled()
                && Objects.equals(a.serve(), b.serve()) && Objects.equals(a.rolloutPercentage(), b.rolloutPercentage())
                && sameList(a.conditions(), b.conditions(), Condition::sameTest);
    }
}
