package dev.gitflags.server.web;

import dev.gitflags.model.Condition;
import dev.gitflags.model.FlagField;
import dev.gitflags.model.Rule;
import dev.gitflags.model.Variant;

import java.util.List;
import java.util.Objects;
import java.util.function.Function;

/**
 * Whether two layers resolve a flag to the same behaviour, field by field, ignoring where things were written
 * (a rule copied verbatim into a child's file does not make the child differ).
 */
final class SameResolution {

    private SameResolution() {
    }

    /** {@code a} and {@code b} give each {@link FlagField}'s value, e.g. {@code flag::get}. */
    static boolean same(Function<FlagField, Object> a, Function<FlagField, Object> b) {
        for (FlagField field : FlagField.values()) {
            if (!sameValue(field, a.apply(field), b.apply(field))) {
                return false;
            }
        }
        return true;
    }

    private static boolean sameValue(FlagField field, Object a, Object b) {
        if (a == b) {
            return true;
        }
        if (a == null || b == null) {
            return false;
        }
        return switch (field) {
            case RULES -> sameList((List<?>) a, (List<?>) b, (x, y) -> sameRule((Rule) x, (Rule) y));
            case VARIANTS -> sameList((List<?>) a, (List<?>) b, (x, y) -> sameVariant((Variant) x, (Variant) y));
            default -> a.equals(b);
        };
    }

    private static boolean sameRule(Rule a, Rule b) {
        return Objects.equals(a.name(), b.name()) && a.priority() == b.priority() && a.enabled() == b.enabled()
                && Objects.equals(a.serve(), b.serve()) && Objects.equals(a.rolloutPercentage(), b.rolloutPercentage())
                && sameList(a.conditions(), b.conditions(), (x, y) -> sameCondition((Condition) x, (Condition) y));
    }

    private static boolean sameCondition(Condition a, Condition b) {
        return Objects.equals(a.attribute(), b.attribute()) && a.operator() == b.operator()
                && Objects.equals(a.value(), b.value());
    }

    private static boolean sameVariant(Variant a, Variant b) {
        return Objects.equals(a.key(), b.key()) && Objects.equals(a.value(), b.value()) && a.weight() == b.weight();
    }

    private static boolean sameList(List<?> a, List<?> b, java.util.function.BiPredicate<Object, Object> same) {
        if (a.size() != b.size()) {
            return false;
        }
        for (int i = 0; i < a.size(); i++) {
            if (!same.test(a.get(i), b.get(i))) {
                return false;
            }
        }
        return true;
    }
}
