package dev.gitflags.server.web;

import io.micronaut.serde.annotation.Serdeable;

/**
 * One flag as one environment resolves it, ready to display.
 *
 * @param value      the value served when no rule or split applies, as text (JSON for json flags)
 * @param enabled    false when the flag is disabled in this environment (or not active)
 * @param overridden true when this environment's own file sets at least one field of the flag
 * @param differs    true when the result differs from the parent's (for a root: from the base flag)
 * @param source     where the value came from, e.g. {@code staging: enabled @ environments/staging.yaml:12}
 * @param notes      rollout, rules and variants in a few words; empty when there are none
 * @param dead       true when this environment's file sets a field of the flag that can never take effect
 *                   (a {@code W_DEAD_OVERRIDE} of {@code gitflags validate})
 */
@Serdeable
public record MatrixCell(String value, boolean enabled, boolean overridden, boolean differs, String source,
                         String notes, boolean dead) {
}
