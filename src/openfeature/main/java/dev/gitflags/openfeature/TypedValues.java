package dev.gitflags.openfeature;

import dev.openfeature.sdk.ImmutableMetadata;
import dev.openfeature.sdk.ImmutableStructure;
import dev.openfeature.sdk.Value;

import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Which gitflags value fits which typed OpenFeature getter, and the conversion. Boolean and string flags fit only
 * their own getter; a number fits {@code getDoubleValue} always and {@code getIntegerValue} / {@code getLongValue}
 * only when it is integral and in range (0.15 does not); a json flag fits {@code getObjectValue} as any JSON value.
 * A value that does not fit gives null, which the provider reports as {@code TYPE_MISMATCH}.
 */
final class TypedValues {

    private TypedValues() {
    }

    static Boolean asBoolean(String type, Object value) {
        return "boolean".equals(type) && value instanceof Boolean bool ? bool : null;
    }

    static String asString(String type, Object value) {
        return "string".equals(type) && value instanceof String text ? text : null;
    }

    static Double asDouble(String type, Object value) {
        return "number".equals(type) && value instanceof Number number ? number.doubleValue() : null;
    }

    static Long asLong(String type, Object value) {
        if (!"number".equals(type)) {
            return null;
        }
        if (value instanceof Long number) {
            return number;
        }
        if (value instanceof Double number) {
            return number == Math.rint(number) && Math.abs(number) <= 0x1p53 ? number.longValue() : null;
        }
        if (value instanceof BigDecimal number) {
            try {
                return number.longValueExact();
            } catch (ArithmeticException notIntegral) {
                return null;
            }
        }
        return null;
    }

    static Integer asInteger(String type, Object value) {
        Long number = asLong(type, value);
        return number != null && number == number.intValue() ? number.intValue() : null;
    }

    static Value asObject(String type, Object value) {
        return "json".equals(type) ? value(value) : null;
    }

    /** Any JSON value (maps, lists, strings, numbers, booleans, null) as an OpenFeature Value. */
    static Value value(Object value) {
        if (value == null) {
            return new Value();
        }
        if (value instanceof Map<?, ?> map) {
            Map<String, Value> fields = new LinkedHashMap<>();
            map.forEach((key, item) -> fields.put(String.valueOf(key), value(item)));
            return new Value(new ImmutableStructure(fields));
        }
        if (value instanceof List<?> list) {
            return new Value(list.stream().map(TypedValues::value).toList());
        }
        if (value instanceof Boolean bool) {
            return new Value(bool);
        }
        if (value instanceof String text) {
            return new Value(text);
        }
        if (value instanceof Long || value instanceof Integer) {
            long number = ((Number) value).longValue();
            return number == (int) number ? new Value((int) number) : new Value(number);
        }
        if (value instanceof Number number) {
            return new Value(number.doubleValue());
        }
        return new Value(value.toString());
    }

    /** A flag's {@code metadata:} as OpenFeature flag metadata: scalars as they are, anything else as text. */
    static ImmutableMetadata metadata(Map<String, Object> metadata) {
        ImmutableMetadata.ImmutableMetadataBuilder builder = ImmutableMetadata.builder();
        metadata.forEach((key, value) -> {
            if (value instanceof Boolean bool) {
                builder.addBoolean(key, bool);
            } else if (value instanceof Long number) {
                builder.addLong(key, number);
            } else if (value instanceof Integer number) {
                builder.addInteger(key, number);
            } else if (value instanceof Number number) {
                builder.addDouble(key, number.doubleValue());
            } else {
                builder.addString(key, String.valueOf(value));
            }
        });
        return builder.build();
    }
}
