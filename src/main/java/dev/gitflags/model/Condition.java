package dev.gitflags.model;

/** One test of a rule: {@code attribute operator value}; {@code matcher} is its compiled form. */
public record Condition(String attribute, Operator operator, Object value, AttributeMatcher matcher, Origin origin) {
}
