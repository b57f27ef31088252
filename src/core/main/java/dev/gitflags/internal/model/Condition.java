package dev.gitflags.internal.model;

import java.util.Objects;

/**
 * One test of a rule: {@code attribute operator value}; {@code matcher} is its compiled form. Conditions compare by
 * what they test: neither where they were written ({@code origin}) nor their compiled matcher takes part in
 * {@code equals}, so equal conditions match the same contexts.
 */
public record Condition(String attribute, Operator operator, Object value, AttributeMatcher matcher, Origin origin) {

    @Override
    public boolean equals(Object other) {
        return other instanceof Condition that && Objects.equals(attribute, that.attribute)
                && operator == that.operator && Objects.equals(value, that.value);
    }

    @Override
    public int hashCode() {
        return Objects.hash(attribute, operator, value);
    }
}
