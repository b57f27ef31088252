package dev.gitflags.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gitflags.internal.eval.EvaluationContext;
import dev.gitflags.internal.model.Values;
import dev.gitflags.internal.view.ValueText;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Builds an {@link EvaluationContext} from the command line: {@code --context-json '{…}'} first, then each
 * {@code --attr k=v} on top, then {@code --target}. A {@code targetingKey} entry sets the targeting key.
 */
public final class ContextArguments {

    /** JSON's number grammar, so "007", "1.2.3" and "1e" stay strings (zip codes, versions). */
    private static final Pattern INTEGER = Pattern.compile("-?(0|[1-9]\\d*)");
    private static final Pattern DECIMAL = Pattern.compile("-?(0|[1-9]\\d*)(\\.\\d+)?([eE][+-]?\\d+)?");
    private static final String TARGETING_KEY = "targetingKey";

    private ContextArguments() {
    }

    /** The context; a {@link CommandFailure} (exit 2) when an argument is malformed. */
    public static EvaluationContext build(String target, List<String> attributes, String contextJson) {
        Map<String, Object> values = new LinkedHashMap<>();
        if (contextJson != null) {
            values.putAll(parseJsonObject(contextJson));
        }
        for (String attribute : attributes) {
            int equals = attribute.indexOf('=');
            if (equals <= 0) {
                throw CommandFailure.usage("--attr '" + attribute + "' is not key=value (e.g. --attr country=NL)");
            }
            values.put(attribute.substring(0, equals), parseValue(attribute.substring(equals + 1)));
        }
        Object key = values.remove(TARGETING_KEY);
        if (target == null && key != null) {
            if (!(key instanceof String text)) {
                throw CommandFailure.usage("targetingKey must be a string, not " + ValueText.value(key));
            }
            target = text;
        }
        return new EvaluationContext(target, Map.copyOf(values));
    }

    /**
     * An attribute value as typed on the command line: {@code true}/{@code false} → Boolean, a JSON integer →
     * Long, a JSON decimal → Double, {@code "quoted"} → the string inside, anything else → the string as is.
     */
    public static Object parseValue(String text) {
        if (text.equals("true") || text.equals("false")) {
            return Boolean.parseBoolean(text);
        }
        if (INTEGER.matcher(text).matches()) {
            try {
                return Long.parseLong(text);
            } catch (NumberFormatException tooLong) {
                return Double.parseDouble(text);
            }
        }
        if (DECIMAL.matcher(text).matches()) {
            return Double.parseDouble(text);
        }
        if (text.length() >= 2 && text.startsWith("\"") && text.endsWith("\"")) {
            return text.substring(1, text.length() - 1);
        }
        return text;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> parseJsonObject(String json) {
        Object parsed;
        try {
            parsed = new ObjectMapper().readValue(json, Object.class);
        } catch (JsonProcessingException malformed) {
            throw CommandFailure.usage("--context-json is not valid JSON: " + malformed.getOriginalMessage());
        }
        if (!(parsed instanceof Map<?, ?>)) {
            throw CommandFailure.usage("--context-json must be a JSON object, e.g. '{\"country\": \"NL\"}'");
        }
        // Values.normalize: integers become Long and decimals Double, the types the evaluator compares.
        Map<String, Object> normalized = (Map<String, Object>) Values.normalize(parsed);
        Map<String, Object> withoutNulls = new LinkedHashMap<>();
        normalized.forEach((name, value) -> {
            if (value != null) {
                withoutNulls.put(name, value);
            }
        });
        return withoutNulls;
    }
}
