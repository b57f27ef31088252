package dev.gitflags.internal.model;

import java.util.Objects;

/** A named value of a flag with its share (0–100) of a split. */
public record Variant(String key, Object value, int weight, Origin origin) {

    /** True when both have the same key, value and weight, wherever they were written. */
    public boolean sameShare(Variant other) {
        return Objects.equals(key, other.key) && Objects.equals(value, other.value) && weight == other.weight;
    }
}
