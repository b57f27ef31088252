package dev.gitflags.internal.model;

import java.util.Optional;

/** Life-cycle of a flag; anything but ACTIVE evaluates as disabled. */
public enum FlagStatus {
    ACTIVE, INACTIVE, ARCHIVED;

    public String yamlName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    /** The status {@code name} (as written in YAML, any case: the schema requires lower case) names, if any. */
    public static Optional<FlagStatus> fromYaml(String name) {
        for (FlagStatus status : values()) {
            if (status.yamlName().equalsIgnoreCase(name)) {
                return Optional.of(status);
            }
        }
        return Optional.empty();
    }
}
