package dev.gitflags.model;

/**
 * What a matching rule serves: either a variant of the flag ({@code variant} set), or an explicit value.
 * With {@code enabled = false} the rule serves the flag as disabled for that context. When {@code value} is
 * absent the flag's default value is served (for boolean flags: {@code enabled}).
 */
public record Serve(String variant, boolean enabled, Object value) {

    public static Serve ofVariant(String variant) {
        return new Serve(variant, true, null);
    }

    public static Serve ofValue(boolean enabled, Object value) {
        return new Serve(null, enabled, value);
    }

    public boolean isVariant() {
        return variant != null;
    }
}
