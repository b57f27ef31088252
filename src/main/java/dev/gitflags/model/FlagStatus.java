package dev.gitflags.model;

/** Life-cycle of a flag; anything but ACTIVE evaluates as disabled. */
public enum FlagStatus {
    ACTIVE, INACTIVE, ARCHIVED;

    public String yamlName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    public static FlagStatus fromYaml(String name) {
        return valueOf(name.toUpperCase(java.util.Locale.ROOT));
    }
}
