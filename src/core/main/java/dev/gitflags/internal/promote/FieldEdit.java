package dev.gitflags.internal.promote;

import dev.gitflags.internal.model.FlagField;
import org.yaml.snakeyaml.nodes.Node;

/**
 * One change to an environment file's {@code overrides:} block: set {@code field} of {@code flagKey} to the YAML
 * {@code value}, or remove the field (so it inherits again) when {@code value} is null.
 */
public record FieldEdit(String flagKey, FlagField field, Node value) {

    public static FieldEdit set(String flagKey, FlagField field, Node value) {
        return new FieldEdit(flagKey, field, value);
    }

    public static FieldEdit remove(String flagKey, FlagField field) {
        return new FieldEdit(flagKey, field, null);
    }

    public boolean removes() {
        return value == null;
    }
}
