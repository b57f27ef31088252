package dev.gitflags.internal.model;

import java.util.Objects;

/**
 * A named value of a flag with its share (0–100) of a split. Variants compare by key, value and weight, not by
 * where they were written ({@code origin}).
 */
public record Variant(String key, Object value, int weight, Origin origin) {

    @Override
    public boolean equals(Object other) {
        return other instanceof Variant that && Objects.equals(key, that.key) && Objects.equals(value, that.value)
                && weight == that.weight;
    }

    @Override
    public int hashCode() {
        return Objects.hash(key, value, weight);
    }
}
