package dev.gitflags.internal.model;

import java.util.Optional;

/** Condition operators, by their YAML names. */
public enum Operator {
    EQ("eq"), NE("ne"), GT("gt"), GTE("gte"), LT("lt"), LTE("lte"),
    IN("in"), NOT_IN("not_in"), CONTAINS("contains"), NOT_CONTAINS("not_contains"),
    STARTS_WITH("starts_with"), ENDS_WITH("ends_with"), MATCHES("matches"),
    SEMVER_EQ("semver_eq"), SEMVER_GT("semver_gt"), SEMVER_LT("semver_lt"),
    DATE_AFTER("date_after"), DATE_BEFORE("date_before");

    private final String yamlName;

    Operator(String yamlName) {
        this.yamlName = yamlName;
    }

    public String yamlName() {
        return yamlName;
    }

    public static Optional<Operator> fromYaml(String name) {
        for (Operator operator : values()) {
            if (operator.yamlName.equals(name)) {
                return Optional.of(operator);
            }
        }
        return Optional.empty();
    }
}
