package dev.gitflags.internal.model;

/**
 * A condition compiled at load time: the operator with its operand already parsed (regex compiled, semver and
 * dates parsed, sets built), so that evaluation only compares.
 */
@FunctionalInterface
public interface AttributeMatcher {
    /** True when the context attribute's value satisfies the condition; {@code null} means absent. */
    boolean matches(Object attributeValue);
}
