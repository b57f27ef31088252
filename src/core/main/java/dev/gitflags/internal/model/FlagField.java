package dev.gitflags.internal.model;

import java.util.Optional;

/** The fields of a flag that an environment may override; each is inherited on its own. */
public enum FlagField {
    ENABLED("enabled"),
    DEFAULT_VALUE("default_value"),
    ROLLOUT_PERCENTAGE("rollout_percentage"),
    RULES("rules"),
    VARIANTS("variants");

    private final String yamlName;

    FlagField(String yamlName) {
        this.yamlName = yamlName;
    }

    public String yamlName() {
        return yamlName;
    }

    /** The field an override key {@code name} names, if it is one of these. */
    public static Optional<FlagField> fromYaml(String name) {
        for (FlagField field : values()) {
            if (field.yamlName.equals(name)) {
                return Optional.of(field);
            }
        }
        return Optional.empty();
    }
}
