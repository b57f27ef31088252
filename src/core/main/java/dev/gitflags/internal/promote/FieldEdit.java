package dev.gitflags.internal.promote;

import dev.gitflags.internal.model.FlagField;
import org.yaml.snakeyaml.nodes.Node;

/**
 * One change to an environment file's {@code overrides:} block: set {@code field} of {@code flagKey} to the YAML
 * {@code value}, or remove the field (so it inherits again) when {@code value} is null; or, when {@code field} is
 * null too, remove the flag's whole entry (its retirement).
 */
public record FieldEdit(String flagKey, FlagField field, Node value) {

    public static FieldEdit set(String flagKey, FlagField field, Node value) {
        return new FieldEdit(flagKey, field, value);
    }

    public static FieldEdit remove(String flagKey, FlagField field) {
        return new FieldEdit(flagKey, field, null);
    }

    /** Removes {@code flagKey}'s whole entry, whatever other edits of it say. */
    public static FieldEdit removeEntry(String flagKey) {
        return new FieldEdit(flagKey, null, null);
    }

    public boolean removesEntry() {
        return field == null;
    }

    public boolean removes() {
        return value == null;
    }
}
