package dev.gitflags.internal.eval;

import com.google.re2j.Pattern;
import dev.gitflags.internal.eval.Matchers.Affix;
import dev.gitflags.internal.eval.Matchers.Contains;
import dev.gitflags.internal.eval.Matchers.Equality;
import dev.gitflags.internal.eval.Matchers.InstantComparison;
import dev.gitflags.internal.eval.Matchers.LengthBounded;
import dev.gitflags.internal.eval.Matchers.Membership;
import dev.gitflags.internal.eval.Matchers.NumberComparison;
import dev.gitflags.internal.eval.Matchers.RegexFind;
import dev.gitflags.internal.eval.Matchers.VersionComparison;
import dev.gitflags.internal.model.AttributeMatcher;
import dev.gitflags.internal.model.Operator;
import dev.gitflags.internal.model.RepoSettings;
import dev.gitflags.internal.model.Values;

import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Compiles {@code operator value} pairs into matchers at load time, so that evaluation only compares.
 *
 * <p>Operands (the condition's {@code value}):
 * <ul>
 *   <li>{@code eq}, {@code ne}: a string, number or boolean; {@code contains}, {@code not_contains} too.</li>
 *   <li>{@code gt}, {@code gte}, {@code lt}, {@code lte}: a number.</li>
 *   <li>{@code in}, {@code not_in}: a list of strings, numbers or booleans.</li>
 *   <li>{@code starts_with}, {@code ends_with}: a string; {@code matches}: an RE2 regular expression of bounded
 *       cost (see {@link BoundedRegex}), found anywhere in the value (anchor it with {@code ^…$} to match the
 *       whole value).</li>
 *   <li>{@code semver_eq}, {@code semver_gt}, {@code semver_lt}: a SemVer 2.0.0 version string
 *       (see {@link SemanticVersion}; build metadata is ignored).</li>
 *   <li>{@code date_after}, {@code date_before}: an ISO-8601 date ({@code 2025-03-01}, the start of that day UTC)
 *       or date-time ({@code 2025-03-01T12:00:00Z}; without an offset it is read as UTC), strictly after/before.</li>
 * </ul>
 *
 * <p>Attributes are compared by type: numbers as numbers (a Long against a Double exactly), strings as strings,
 * booleans as booleans; the semver operators parse a string attribute; the date operators take an ISO-8601
 * string or a number of epoch milliseconds; {@code contains} is a substring test on a string and membership on a
 * list. <b>An attribute that is absent, or of a type the operator cannot compare, matches no condition — the
 * negated ones ({@code ne}, {@code not_in}, {@code not_contains}) included</b>: "{@code country ne US}" means
 * "has a country, and it is not US" (the semantics of flagd, Unleash and LaunchDarkly: targeting never
 * selects a context on what it does not say). <b>A string attribute longer than the repository's
 * {@code max_attribute_length}</b> ({@link RepoSettings#maxAttributeLength}, default 4096 characters) <b>counts as
 * absent</b>: what one condition may cost is bounded by that length and {@link BoundedRegex}'s caps, whatever a
 * request sends. Matching never throws.
 */
public final class Operators {

    private Operators() {
    }

    /** {@link #compile(Operator, Object, int)} with the default {@link RepoSettings#DEFAULT_MAX_ATTRIBUTE_LENGTH}. */
    public static AttributeMatcher compile(Operator operator, Object operand) throws InvalidOperandException {
        return compile(operator, operand, RepoSettings.DEFAULT_MAX_ATTRIBUTE_LENGTH);
    }

    /**
     * The compiled condition, or an exception whose message says what is wrong with {@code operand}. A String
     * attribute longer than {@code maxAttributeLength} characters matches it no more than an absent one would.
     */
    public static AttributeMatcher compile(Operator operator, Object operand, int maxAttributeLength)
            throws InvalidOperandException {
        if (maxAttributeLength < 1) {
            throw new IllegalArgumentException("maxAttributeLength must be positive: " + maxAttributeLength);
        }
        return new LengthBounded(matcher(operator, operand), maxAttributeLength);
    }

    private static AttributeMatcher matcher(Operator operator, Object operand) throws InvalidOperandException {
        if (operator == null) {
            throw new InvalidOperandException("no operator given");
        }
        Object value = Values.normalize(operand);
        return switch (operator) {
            case EQ, NE -> new Equality(scalar(operator, value), operator == Operator.NE);
            case CONTAINS, NOT_CONTAINS -> new Contains(scalar(operator, value), operator == Operator.NOT_CONTAINS);
            case GT -> new NumberComparison(number(operator, value), false, false, true);
            case GTE -> new NumberComparison(number(operator, value), false, true, true);
            case LT -> new NumberComparison(number(operator, value), true, false, false);
            case LTE -> new NumberComparison(number(operator, value), true, true, false);
            case IN, NOT_IN -> new Membership(members(operator, value), operator == Operator.NOT_IN);
            case STARTS_WITH -> new Affix(string(operator, value, "a prefix"), true);
            case ENDS_WITH -> new Affix(string(operator, value, "a suffix"), false);
            case MATCHES -> new RegexFind(regex(operator, value));
            case SEMVER_EQ -> new VersionComparison(version(operator, value), false, true, false);
            case SEMVER_GT -> new VersionComparison(version(operator, value), false, false, true);
            case SEMVER_LT -> new VersionComparison(version(operator, value), true, false, false);
            case DATE_AFTER -> new InstantComparison(instant(operator, value), true);
            case DATE_BEFORE -> new InstantComparison(instant(operator, value), false);
        };
    }

    private static Object scalar(Operator operator, Object value) throws InvalidOperandException {
        if (value instanceof String || value instanceof Boolean) {
            return value;
        }
        if (value instanceof Long || value instanceof Double) {
            return finite(operator, value);
        }
        throw invalid(operator, "a string, number or boolean", value,
                operator == Operator.EQ || operator == Operator.NE ? "; to test several values use in / not_in" : "");
    }

    private static Object number(Operator operator, Object value) throws InvalidOperandException {
        if (value instanceof Long || value instanceof Double) {
            return finite(operator, value);
        }
        String hint = value instanceof String text && SemanticVersion.tryParse(text) != null
                ? "; to compare versions use semver_gt / semver_lt"
                : value instanceof String text && Instants.tryParse(text) != null
                ? "; to compare dates use date_after / date_before" : "";
        throw invalid(operator, "a number, e.g. 18 or 2.5", value, hint);
    }

    private static Object finite(Operator operator, Object number) throws InvalidOperandException {
        if (number instanceof Double d && (d.isNaN() || d.isInfinite())) {
            throw invalid(operator, "a finite number", number, "");
        }
        return number;
    }

    private static Set<Object> members(Operator operator, Object value) throws InvalidOperandException {
        if (!(value instanceof List<?> list)) {
            throw invalid(operator, "a list of strings, numbers or booleans, e.g. [US, CA]", value,
                    value instanceof String || value instanceof Number || value instanceof Boolean
                            ? "; write a one-item list [" + value + "] or use " + (operator == Operator.IN ? "eq" : "ne")
                            : "");
        }
        Set<Object> members = new HashSet<>();
        for (int i = 0; i < list.size(); i++) {
            Object item = list.get(i);
            Object member = Matchers.canonicalScalar(item);
            if (member == null) {
                throw new InvalidOperandException(operator.yamlName() + " needs a list of strings, numbers or booleans;"
                        + " item " + (i + 1) + " is " + describe(item));
            }
            members.add(member);
        }
        return Set.copyOf(members);
    }

    private static String string(Operator operator, Object value, String what) throws InvalidOperandException {
        if (value instanceof String text) {
            return text;
        }
        throw invalid(operator, "a string (" + what + ")", value, "");
    }

    private static Pattern regex(Operator operator, Object value) throws InvalidOperandException {
        return BoundedRegex.compile(string(operator, value, "an RE2 regular expression"));
    }

    private static SemanticVersion version(Operator operator, Object value) throws InvalidOperandException {
        if (!(value instanceof String text)) {
            throw invalid(operator, "a semantic version string like 1.4.0 or 2.0.0-rc.1", value,
                    value instanceof Number ? "; quote it in YAML, e.g. \"1.4.0\"" : "");
        }
        try {
            return SemanticVersion.parse(text);
        } catch (IllegalArgumentException e) {
            throw new InvalidOperandException(operator.yamlName() + " needs a semantic version (SemVer 2.0.0) like "
                    + "1.4.0 or 2.0.0-rc.1; " + e.getMessage());
        }
    }

    private static Instant instant(Operator operator, Object value) throws InvalidOperandException {
        Instant temporal = Instants.fromTemporal(value);
        if (temporal != null) {
            return temporal;
        }
        if (!(value instanceof String text)) {
            throw invalid(operator, Instants.EXAMPLES, value, "");
        }
        try {
            return Instants.parse(text);
        } catch (IllegalArgumentException e) {
            throw new InvalidOperandException(operator.yamlName() + " needs " + Instants.EXAMPLES + "; got \""
                    + text + "\" (" + e.getMessage() + ")");
        }
    }

    private static InvalidOperandException invalid(Operator operator, String expected, Object value, String hint) {
        return new InvalidOperandException(operator.yamlName() + " needs " + expected + "; got " + describe(value)
                + hint);
    }

    /** How a value reads in a message: its kind and, for scalars, the value itself. */
    static String describe(Object value) {
        if (value == null) {
            return "nothing (null)";
        }
        if (value instanceof String text) {
            return "the string \"" + text + "\"";
        }
        if (value instanceof Number) {
            return "the number " + value;
        }
        if (value instanceof Boolean) {
            return "the boolean " + value;
        }
        if (value instanceof List) {
            return "a list";
        }
        if (value instanceof Map) {
            return "a map";
        }
        return "a " + value.getClass().getSimpleName();
    }
}
