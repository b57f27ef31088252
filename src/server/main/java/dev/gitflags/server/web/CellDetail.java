package dev.gitflags.server.web;

import io.micronaut.serde.annotation.Serdeable;

import java.util.List;

/**
 * Everything about one cell, for the click panel: the chain it inherits through, what requests get step by step
 * (each enabled rule with what it serves, the split, the rollout, then the rest; {@link ServedSummary#detailed}) and,
 * for each overridable field, its value and the layer that supplied it.
 */
@Serdeable
public record CellDetail(String flag, String environment, List<String> chain, boolean overridden,
                         List<String> steps, List<FieldDetail> fields) {

    /**
     * One field of the resolved flag.
     *
     * @param environment the environment whose file set it, or null for the base flag
     * @param location    {@code file:line} of that layer
     * @param here        true when set by this cell's own environment
     * @param dead        true when set here but unable to take effect: no request gets anything else without it
     */
    @Serdeable
    public record FieldDetail(String field, String value, String environment, String location, boolean here,
                              boolean dead) {
    }
}
