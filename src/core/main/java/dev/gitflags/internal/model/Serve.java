package dev.gitflags.internal.model;

/**
 * What a matching rule serves, as written: either a variant of the flag ({@code variant} set), or
 * {@code {enabled, value}} with {@code value} null when absent. {@code eval.Evaluator.served} says what that
 * means: {@code enabled = false} serves the flag as disabled for that context (false for boolean flags, else the
 * default value); an absent value serves the enabled value (true for boolean flags, else the default value).
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
