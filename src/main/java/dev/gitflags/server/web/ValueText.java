package dev.gitflags.server.web;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gitflags.model.FlagField;
import dev.gitflags.model.Rule;
import dev.gitflags.model.Variant;

import java.util.List;
import java.util.stream.Collectors;

/** Flag values and fields as short text for a table cell: strings bare, everything else as compact JSON. */
final class ValueText {

    static final int MAX_CHARS = 80;
    private static final ObjectMapper JSON = new ObjectMapper();

    private ValueText() {
    }

    static String of(Object value) {
        if (value == null) {
            return "null";
        }
        String text = value instanceof String string ? string
                : value instanceof Boolean || value instanceof Number ? value.toString() : json(value);
        return text.length() <= MAX_CHARS ? text : text.substring(0, MAX_CHARS - 1) + "…";
    }

    /** A field of a resolved flag: rules and variants summarized, other values as {@link #of}. */
    static String ofField(FlagField field, Object value) {
        if (field == FlagField.RULES && value instanceof List<?> rules) {
            return rules.isEmpty() ? "none" : rules.stream().map(rule -> describe((Rule) rule))
                    .collect(Collectors.joining("\n"));
        }
        if (field == FlagField.VARIANTS && value instanceof List<?> variants) {
            return variants.isEmpty() ? "none" : variants.stream().map(variant -> describe((Variant) variant))
                    .collect(Collectors.joining(", "));
        }
        return value == null ? "—" : of(value);
    }

    private static String describe(Rule rule) {
        String conditions = rule.conditions().stream()
                .map(condition -> condition.attribute() + " " + condition.operator().name().toLowerCase(java.util.Locale.ROOT)
                        + " " + of(condition.value()))
                .collect(Collectors.joining(" and "));
        String serve = rule.serve().isVariant() ? "variant " + rule.serve().variant()
                : (rule.serve().enabled() ? "serve " + of(rule.serve().value()) : "serve disabled");
        String rollout = rule.rolloutPercentage() == null ? "" : " (" + rule.rolloutPercentage() + "%)";
        return (rule.name() == null ? "rule" : rule.name()) + (rule.enabled() ? "" : " [off]") + ": "
                + (conditions.isEmpty() ? "always" : conditions) + " → " + serve + rollout;
    }

    private static String describe(Variant variant) {
        return variant.key() + "=" + of(variant.value()) + " " + variant.weight() + "%";
    }

    private static String json(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            return String.valueOf(value);
        }
    }
}
