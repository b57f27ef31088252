package dev.gitflags.internal.model;

import java.util.Objects;

/** One test of a rule: {@code attribute operator value}; {@code matcher} is its compiled form. */
public record Condition(String attribute, Operator operator, Object value, AttributeMatcher matcher, Origin origin) {

    /** True when both test the same thing, wherever they were written: such conditions match the same contexts. */
    public boolean sameTest(Condition other) {
        return Objects.equals(attribute, other.attribute) && operator == other.operator
                && Objects.equals(value, other.value);
    }
}
