package dev.gitflags.internal.eval;

import com.google.re2j.Pattern;
import dev.gitflags.internal.model.AttributeMatcher;

import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Set;

/**
 * The compiled conditions {@link Operators#compile} builds. Each is an immutable record that only compares:
 * an absent ({@code null}) or wrongly typed attribute never matches, negated operators included, and nothing
 * here throws.
 */
final class Matchers {

    private Matchers() {
    }

    /**
     * Any condition, bounded: a String attribute longer than {@code maxLength} matches nothing, negated operators
     * included, as an absent one would; the condition examines only values up to that length.
     */
    record LengthBounded(AttributeMatcher condition, int maxLength) implements AttributeMatcher {
        @Override
        public boolean matches(Object attributeValue) {
            return !(attributeValue instanceof String text && text.length() > maxLength)
                    && condition.matches(attributeValue);
        }
    }

    /** eq / ne against a String, Boolean, Long or Double. */
    record Equality(Object expected, boolean negated) implements AttributeMatcher {
        @Override
        public boolean matches(Object attributeValue) {
            int equal = typedEquals(expected, attributeValue);
            return equal >= 0 && (equal == 1) != negated;
        }
    }

    /** gt / gte / lt / lte against a Long or Double: which side of the operand the attribute may fall on. */
    record NumberComparison(Object operand, boolean below, boolean equal, boolean above) implements AttributeMatcher {
        @Override
        public boolean matches(Object attributeValue) {
            Object number = Numbers.normalized(attributeValue);
            if (number == null || Numbers.isNaN(number)) {
                return false;
            }
            int order = Numbers.compare(number, operand);
            return order < 0 ? below : order == 0 ? equal : above;
        }
    }

    /** in / not_in: members are Strings, Booleans and canonical numbers (see {@link Numbers#canonical}). */
    record Membership(Set<Object> members, boolean negated) implements AttributeMatcher {
        @Override
        public boolean matches(Object attributeValue) {
            Object member = canonicalScalar(attributeValue);
            return member != null && members.contains(member) != negated;
        }
    }

    /** contains / not_contains: a substring of a String attribute, or an element of a list attribute. */
    record Contains(Object operand, boolean negated) implements AttributeMatcher {
        @Override
        public boolean matches(Object attributeValue) {
            if (attributeValue instanceof String text) {
                return operand instanceof String part && text.contains(part) != negated;
            }
            if (attributeValue instanceof List<?> list) {
                boolean found = false;
                for (int i = 0, size = list.size(); i < size && !found; i++) {
                    found = typedEquals(operand, list.get(i)) == 1;
                }
                return found != negated;
            }
            return false;
        }
    }

    /** starts_with ({@code prefix}) / ends_with on a String attribute. */
    record Affix(String affix, boolean prefix) implements AttributeMatcher {
        @Override
        public boolean matches(Object attributeValue) {
            return attributeValue instanceof String text && (prefix ? text.startsWith(affix) : text.endsWith(affix));
        }
    }

    /**
     * matches: the regex is found anywhere in a String attribute (anchor it with ^…$ for the whole value). RE2
     * semantics: time linear in the value's length, times at most the program size {@link BoundedRegex} allows.
     */
    record RegexFind(Pattern pattern) implements AttributeMatcher {
        @Override
        public boolean matches(Object attributeValue) {
            return attributeValue instanceof String text && pattern.matcher(text).find();
        }
    }

    /** semver_eq / semver_gt / semver_lt on a String attribute that parses as a semantic version. */
    record VersionComparison(SemanticVersion operand, boolean below, boolean equal, boolean above)
            implements AttributeMatcher {
        @Override
        public boolean matches(Object attributeValue) {
            if (!(attributeValue instanceof String text)) {
                return false;
            }
            SemanticVersion version = SemanticVersion.tryParse(text);
            if (version == null) {
                return false;
            }
            int order = version.compareTo(operand);
            return order < 0 ? below : order == 0 ? equal : above;
        }
    }

    /**
     * date_after ({@code after}) / date_before, strictly: an ISO-8601 String attribute, or a number of epoch
     * milliseconds.
     */
    record InstantComparison(Instant operand, boolean after) implements AttributeMatcher {
        @Override
        public boolean matches(Object attributeValue) {
            int order;
            if (attributeValue instanceof String text) {
                Instant instant = Instants.tryParse(text);
                if (instant == null) {
                    return false;
                }
                order = instant.compareTo(operand);
            } else if (attributeValue instanceof Instant instant) {
                order = instant.compareTo(operand);
            } else if (attributeValue instanceof Date date) {
                order = compareMillis(date.getTime(), false);
            } else {
                Object number = Numbers.normalized(attributeValue);
                if (number instanceof Long millis) {
                    order = compareMillis(millis, false);
                } else if (number instanceof Double millis && Double.isFinite(millis)) {
                    double floor = Math.floor(millis);
                    order = compareMillis((long) floor, floor != millis);
                } else {
                    return false;
                }
            }
            return after ? order > 0 : order < 0;
        }

        /** The order of {@code millis} (plus a fraction of a millisecond when {@code fraction}) to the operand. */
        private int compareMillis(long millis, boolean fraction) {
            long seconds = Math.floorDiv(millis, 1000L);
            int nanos = (int) Math.floorMod(millis, 1000L) * 1_000_000;
            int order = seconds != operand.getEpochSecond() ? Long.compare(seconds, operand.getEpochSecond())
                    : Integer.compare(nanos, operand.getNano());
            return order == 0 && fraction ? 1 : order;
        }
    }

    /** 1 equal, 0 different, -1 not comparable (absent, or of another type than {@code expected}). */
    static int typedEquals(Object expected, Object actual) {
        if (actual == null) {
            return -1;
        }
        if (expected instanceof String || expected instanceof Boolean) {
            if (actual.getClass() != expected.getClass()) {
                return -1;
            }
            return expected.equals(actual) ? 1 : 0;
        }
        Object number = Numbers.normalized(actual);
        if (number == null || Numbers.isNaN(number)) {
            return -1;
        }
        return Numbers.compare(number, expected) == 0 ? 1 : 0;
    }

    /** The attribute as a set member: String, Boolean or canonical number; null for anything else. */
    static Object canonicalScalar(Object value) {
        if (value instanceof String || value instanceof Boolean) {
            return value;
        }
        Object number = Numbers.normalized(value);
        if (number == null || Numbers.isNaN(number)) {
            return null;
        }
        return Numbers.canonical(number);
    }
}
