package dev.gitflags.internal.view;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gitflags.internal.eval.Evaluator;
import dev.gitflags.internal.eval.Served;
import dev.gitflags.internal.model.FlagField;
import dev.gitflags.internal.model.FlagType;
import dev.gitflags.internal.model.Rule;
import dev.gitflags.internal.model.Serve;
import dev.gitflags.internal.model.Variant;

import java.util.List;
import java.util.stream.Collectors;

/**
 * Values, fields and rules as one line of text for people: the CLI's text output, diff and promotion lines, the
 * web view. A value is its compact JSON (Jackson: strings quoted and escaped, maps and lists inline); a rule says
 * what the evaluator serves when it matches ({@link Evaluator#served}), not merely what its YAML spells.
 */
public final class ValueText {

    private static final ObjectMapper JSON = new ObjectMapper();

    private ValueText() {
    }

    /** A flag value (or condition operand) as compact JSON: {@code "blue"}, {@code 42}, {@code {"show":false}}. */
    public static String value(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (JsonProcessingException impossible) {
            // flag values are plain maps, lists and scalars, which Jackson always writes
            throw new IllegalStateException(impossible);
        }
    }

    /** {@code true}, {@code "vector"}, {@code variant guided} or {@code default_value}. */
    public static String served(Served served) {
        return switch (served.kind()) {
            case VALUE -> value(served.value());
            case DEFAULT_VALUE -> "default_value";
            case VARIANT -> "variant " + served.variant();
        };
    }

    /**
     * {@code launch-countries (priority 20, rollout 30%): country in ["NL","BE"] and plan eq "pro" -> serve true};
     * a disabled rule says so after its priority, a rule without conditions matches {@code always}, and a serve with
     * {@code enabled: false} names that after what it serves.
     */
    public static String rule(Rule rule, FlagType type) {
        StringBuilder text = new StringBuilder(rule.name()).append(" (priority ").append(rule.priority());
        if (rule.rolloutPercentage() != null) {
            text.append(", rollout ").append(rule.rolloutPercentage()).append('%');
        }
        if (!rule.enabled()) {
            text.append(", disabled");
        }
        text.append("): ");
        text.append(rule.conditions().isEmpty() ? "always" : rule.conditions().stream()
                .map(condition -> condition.attribute() + " " + condition.operator().yamlName() + " "
                        + value(condition.value()))
                .collect(Collectors.joining(" and ")));
        text.append(" -> serve ").append(served(Evaluator.served(type, rule.serve())));
        Serve serve = rule.serve();
        if (serve != null && !serve.isVariant() && !serve.enabled()) {
            text.append(" (enabled: false)");
        }
        return text.toString();
    }

    /** {@code guided = "guided-tour" 30%}: the key, its value, and its share of the split. */
    public static String variant(Variant variant) {
        return variant.key() + " = " + value(variant.value()) + " " + variant.weight() + "%";
    }

    /**
     * One field's value on one line, for {@code old → new}: rules as {@code [rule; rule]}, variants as
     * {@code {variant, variant}}, a rollout as {@code 10%} (absent: {@code none}), other values as {@link #value}.
     * {@code type} is the flag's, which decides what a rule serves.
     */
    @SuppressWarnings("unchecked")
    public static String field(FlagField field, Object value, FlagType type) {
        if (value == null) {
            return field == FlagField.ROLLOUT_PERCENTAGE ? "none" : value(null);
        }
        return switch (field) {
            case ROLLOUT_PERCENTAGE -> value + "%";
            case RULES -> ((List<Rule>) value).stream().map(rule -> rule(rule, type))
                    .collect(Collectors.joining("; ", "[", "]"));
            case VARIANTS -> ((List<Variant>) value).stream().map(ValueText::variant)
                    .collect(Collectors.joining(", ", "{", "}"));
            default -> value(value);
        };
    }
}
