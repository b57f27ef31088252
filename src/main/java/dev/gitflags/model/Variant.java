package dev.gitflags.model;

/** A named value of a flag with its share (0–100) of a split. */
public record Variant(String key, Object value, int weight, Origin origin) {
}
