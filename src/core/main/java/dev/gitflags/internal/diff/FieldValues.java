package dev.gitflags.internal.diff;

import dev.gitflags.internal.graph.ResolvedFlag;
import dev.gitflags.internal.model.FlagField;
import dev.gitflags.internal.model.Rule;
import dev.gitflags.internal.model.Variant;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;

/**
 * Equality of resolved field values, by meaning: the model's values compare what they say, not where they were
 * written (origins and compiled matchers take no part in their equals). Their text and plain forms are
 * {@code view.ValueText} and {@code view.PlainValues}.
 */
public final class FieldValues {

    private FieldValues() {
    }

    /** True when both flags resolve {@code field} to the same value. */
    public static boolean same(FlagField field, ResolvedFlag a, ResolvedFlag b) {
        if (a == b) {
            return true;
        }
        return same(field, a.get(field), b.get(field));
    }

    /**
     * True when every field has the same value in both layers, wherever it was written (a rule copied verbatim
     * into a child's file does not make the child differ). {@code a} and {@code b} give each field's value,
     * e.g. {@code resolvedFlag::get} or {@code flag::get}.
     */
    public static boolean sameResolution(Function<FlagField, Object> a, Function<FlagField, Object> b) {
        for (FlagField field : FlagField.values()) {
            if (!same(field, a.apply(field), b.apply(field))) {
                return false;
            }
        }
        return true;
    }

    /** The fields whose values differ, in {@link FlagField} order; empty when the flags resolve identically. */
    public static List<FlagField> differing(ResolvedFlag a, ResolvedFlag b) {
        if (a == b) {
            return List.of();
        }
        List<FlagField> fields = new ArrayList<>(2);
        for (FlagField field : FlagField.values()) {
            if (!same(field, a.get(field), b.get(field))) {
                fields.add(field);
            }
        }
        return fields;
    }

    /**
     * Value equality of one field; {@code a} and {@code b} are typed as {@link ResolvedFlag#get} returns them. The
     * model's rules and variants compare by meaning ({@link Rule#equals}, {@link Variant#equals}), so this is equals.
     */
    public static boolean same(FlagField field, Object a, Object b) {
        return Objects.equals(a, b);
    }
}
