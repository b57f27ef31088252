package dev.gitflags.internal.model;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The type of a flag's values, as written in YAML. */
public enum FlagType {
    BOOLEAN, STRING, NUMBER, JSON;

    public String yamlName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    /** True when {@code value} (already normalized by {@link Values}) is a value of this type. */
    public boolean accepts(Object value) {
        return switch (this) {
            case BOOLEAN -> value instanceof Boolean;
            case STRING -> value instanceof String;
            case NUMBER -> value instanceof Long || value instanceof Double;
            case JSON -> value instanceof Map || value instanceof List || value instanceof String
                    || value instanceof Boolean || value instanceof Long || value instanceof Double;
        };
    }

    /** The type {@code name} (as written in YAML, any case: the schema requires lower case) names, if any. */
    public static Optional<FlagType> fromYaml(String name) {
        for (FlagType type : values()) {
            if (type.yamlName().equalsIgnoreCase(name)) {
                return Optional.of(type);
            }
        }
        return Optional.empty();
    }
}
