package dev.gitflags.server.web;

import io.micronaut.serde.annotation.Serdeable;

/**
 * One flag as one environment resolves it, ready to display: what requests get, in the evaluator's order
 * ({@link ServedSummary}). Every step in full is the cell's detail ({@link CellDetail#steps}), fetched on a click,
 * so that a page of 2,500 cells does not carry every rule's text 2,500 times.
 *
 * @param value      what every request that {@code targeting} does not reach gets, as JSON text: all of them when
 *                   {@code targeting} is null (a disabled boolean flag: {@code false})
 * @param enabled    false when the flag is disabled in this environment (or not active)
 * @param overridden true when this environment's own file sets at least one field of the flag
 * @param differs    true when the result differs from the parent's (for a root: from the base flag)
 * @param source     where the value came from, e.g. {@code staging: enabled @ environments/staging.yaml:12}
 * @param targeting  what comes before {@code value} in a few words, e.g. {@code 2 rules · 10%: true} or
 *                   {@code split blue 34%, green 33%, orange 33%}; null when nothing does
 * @param dead       true when this environment's file sets a field of the flag that can never take effect
 *                   (a {@code W_DEAD_OVERRIDE} of {@code gitflags validate})
 */
@Serdeable
public record MatrixCell(String value, boolean enabled, boolean overridden, boolean differs, String source,
                         String targeting, boolean dead) {
}
