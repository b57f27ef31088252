package dev.gitflags.internal.eval;

import dev.gitflags.internal.model.AttributeMatcher;
import dev.gitflags.internal.model.Operator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.Date;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

class OperatorsTest {

    private static AttributeMatcher compile(Operator operator, Object operand) {
        try {
            return Operators.compile(operator, operand);
        } catch (InvalidOperandException e) {
            throw new AssertionError(e.getMessage(), e);
        }
    }

    private static String invalid(Operator operator, Object operand) {
        return assertThrows(InvalidOperandException.class, () -> Operators.compile(operator, operand)).getMessage();
    }

    private static void assertMatches(AttributeMatcher matcher, Object... values) {
        for (Object value : values) {
            assertTrue(matcher.matches(value), matcher + " should match " + value);
        }
    }

    private static void assertNoMatch(AttributeMatcher matcher, Object... values) {
        for (Object value : values) {
            assertFalse(matcher.matches(value), matcher + " should not match " + value);
        }
    }

    @Test
    void eqComparesStringsBooleansAndNumbersByType() {
        assertMatches(compile(Operator.EQ, "US"), "US");
        assertNoMatch(compile(Operator.EQ, "US"), "us", "", 1L, true, List.of("US"));
        assertMatches(compile(Operator.EQ, true), true);
        assertNoMatch(compile(Operator.EQ, true), false, "true", 1L);
        assertMatches(compile(Operator.EQ, 5), 5L, 5, 5.0, (short) 5, BigInteger.valueOf(5), new BigDecimal("5.00"));
        assertNoMatch(compile(Operator.EQ, 5), "5", 5.5, true, Double.NaN);
        assertMatches(compile(Operator.EQ, 0.0), -0.0, 0L);
    }

    @Test
    void longsAndDoublesCompareExactlyEvenBeyondDoublePrecision() {
        long big = (1L << 53) + 1; // not representable as a double
        assertNoMatch(compile(Operator.EQ, big), (double) (1L << 53));
        assertMatches(compile(Operator.GT, (double) (1L << 53)), big);
        assertMatches(compile(Operator.EQ, Long.MAX_VALUE), Long.MAX_VALUE);
        assertNoMatch(compile(Operator.EQ, Long.MAX_VALUE), 0x1p63);
        assertMatches(compile(Operator.LT, 0x1p63), Long.MAX_VALUE);
        assertMatches(compile(Operator.GT, -0x1p64), Long.MIN_VALUE);
    }

    @Test
    void neIsPresentAndDifferentOfTheSameType() {
        AttributeMatcher notUs = compile(Operator.NE, "US");
        assertMatches(notUs, "CA", "");
        assertNoMatch(notUs, "US", null, 1L, false);
        assertMatches(compile(Operator.NE, 3), 4L, 3.5);
        assertNoMatch(compile(Operator.NE, 3), 3L, 3.0, "4");
    }

    @Test
    void orderingOperatorsCompareNumbers() {
        assertMatches(compile(Operator.GT, 18), 19L, 18.5, 19);
        assertNoMatch(compile(Operator.GT, 18), 18L, 17.9, "19", null, true);
        assertMatches(compile(Operator.GTE, 18), 18L, 18.0, 100L);
        assertNoMatch(compile(Operator.GTE, 18), 17L, 17.999);
        assertMatches(compile(Operator.LT, 2.5), 2L, 2.4999, -7L);
        assertNoMatch(compile(Operator.LT, 2.5), 2.5, 3L, Double.NaN);
        assertMatches(compile(Operator.LTE, 2.5), 2.5, 2L);
        assertNoMatch(compile(Operator.LTE, 2.5), 3L, "1");
    }

    @Test
    void inAndNotInTestMembershipByType() {
        AttributeMatcher in = compile(Operator.IN, List.of("US", "CA", 1, 2.5, true));
        assertMatches(in, "US", "CA", 1L, 1, 1.0, 2.5, true);
        assertNoMatch(in, "us", "1", 2L, false, null, List.of("US"), Map.of());
        AttributeMatcher notIn = compile(Operator.NOT_IN, List.of("US", "CA"));
        assertMatches(notIn, "DE", "");
        assertNoMatch(notIn, "US", "CA", null, List.of("DE"));
        assertNoMatch(compile(Operator.IN, List.of()), "anything");
        assertMatches(compile(Operator.NOT_IN, List.of()), "anything");
    }

    @Test
    void containsIsASubstringOfAStringOrAnElementOfAList() {
        AttributeMatcher contains = compile(Operator.CONTAINS, "@example.com");
        assertMatches(contains, "ann@example.com", List.of("x", "@example.com"));
        assertNoMatch(contains, "ann@example.org", List.of("ann@example.com"), null, 5L);
        AttributeMatcher containsNumber = compile(Operator.CONTAINS, 3);
        assertMatches(containsNumber, List.of(1L, 3L), List.of(3.0));
        assertNoMatch(containsNumber, List.of("3"), "a3b", List.of());
        AttributeMatcher notContains = compile(Operator.NOT_CONTAINS, "beta");
        assertMatches(notContains, "stable", List.of("alpha"), List.of());
        assertNoMatch(notContains, "beta-2", List.of("beta"), null, 1L);
    }

    @Test
    void startsWithAndEndsWithTestStrings() {
        assertMatches(compile(Operator.STARTS_WITH, "eu-"), "eu-west-1", "eu-");
        assertNoMatch(compile(Operator.STARTS_WITH, "eu-"), "us-east-1", null, List.of("eu-x"));
        assertMatches(compile(Operator.ENDS_WITH, ".de"), "shop.de");
        assertNoMatch(compile(Operator.ENDS_WITH, ".de"), "shop.dev", 1L);
    }

    @Test
    void matchesFindsTheRegexAnywhereUnlessAnchored() {
        assertMatches(compile(Operator.MATCHES, "beta[0-9]+"), "app-beta12", "beta1");
        assertNoMatch(compile(Operator.MATCHES, "beta[0-9]+"), "beta", null, 12L);
        assertNoMatch(compile(Operator.MATCHES, "^beta[0-9]+$"), "app-beta12");
    }

    /**
     * A pattern that backtracks exponentially in java.util.regex ((a+)+$ on a's ending in '!': 2^n paths) meets
     * request values; RE2 answers in time linear in the value, so this returns at all.
     */
    @Test
    void matchesCannotBeMadeToBacktrackByAValue() throws InvalidOperandException {
        // a bound far over the default, so that the value is examined (by default it would be too long to be)
        AttributeMatcher nested = Operators.compile(Operator.MATCHES, "^(a+)+$", 200_000);
        String attack = "a".repeat(100_000) + "!";
        assertTimeoutPreemptively(Duration.ofSeconds(30), () -> assertFalse(nested.matches(attack)),
                "a value made the pattern backtrack");
        assertMatches(nested, "a".repeat(100_000), "a");
    }

    @Test
    void aStringLongerThanTheDefaultBoundMatchesNoCondition() {
        String longest = "a".repeat(4096);
        String tooLong = "a".repeat(4097);
        assertMatches(compile(Operator.EQ, longest), longest);
        assertNoMatch(compile(Operator.EQ, tooLong), tooLong);
        assertMatches(compile(Operator.MATCHES, "^a+$"), longest);
        assertNoMatch(compile(Operator.MATCHES, "^a+$"), tooLong);
        assertNoMatch(compile(Operator.NE, "b"), tooLong);
    }

    @ParameterizedTest
    @EnumSource(Operator.class)
    void aStringOverTheBoundIsAbsentToEveryOperatorTheNegatedOnesIncluded(Operator operator) throws Exception {
        String value = operator == Operator.DATE_AFTER || operator == Operator.DATE_BEFORE ? "2025-06-01"
                : "1.0.0-xxx";
        Object operand = switch (operator) {
            case EQ, SEMVER_EQ -> value;
            case IN -> List.of(value);
            case NOT_IN -> List.of("zz");
            case CONTAINS, ENDS_WITH -> "xxx";
            case STARTS_WITH -> "1.0";
            case MATCHES -> "x+$";
            case SEMVER_GT -> "0.0.1";
            case SEMVER_LT -> "2.0.0";
            case DATE_AFTER -> "2025-01-01";
            case DATE_BEFORE -> "2026-01-01";
            case GT, GTE, LT, LTE -> 1;
            default -> "zz"; // ne, not_contains
        };
        boolean comparesStrings = !(operand instanceof Integer);
        assertEquals(comparesStrings, Operators.compile(operator, operand, value.length()).matches(value),
                operator + " examines a value as long as the bound");
        assertFalse(Operators.compile(operator, operand, value.length() - 1).matches(value),
                operator + " ignores a value one character over the bound");
    }

    @Test
    void semverOperatorsParseTheAttribute() {
        assertMatches(compile(Operator.SEMVER_GT, "1.4.0"), "1.4.1", "2.0.0", "v1.10.0", "1.5.0-rc.1");
        assertNoMatch(compile(Operator.SEMVER_GT, "1.4.0"), "1.4.0", "1.4.0-rc.9", "1.3.99", "1.4", "latest",
                140L, null);
        assertMatches(compile(Operator.SEMVER_LT, "2.0.0"), "2.0.0-rc.1", "1.99.99");
        assertNoMatch(compile(Operator.SEMVER_LT, "2.0.0"), "2.0.0", "2.0.0+build");
        assertMatches(compile(Operator.SEMVER_EQ, "2.0.0-rc.1"), "2.0.0-rc.1", "2.0.0-rc.1+abc", "v2.0.0-rc.1");
        assertNoMatch(compile(Operator.SEMVER_EQ, "2.0.0-rc.1"), "2.0.0", "2.0.0-rc.01");
    }

    @Test
    void dateOperatorsCompareInstantsStrictly() {
        AttributeMatcher after = compile(Operator.DATE_AFTER, "2025-03-01");
        assertMatches(after, "2025-03-01T00:00:00.001Z", "2025-03-02", "2025-03-01T01:00:00+00:30",
                Instant.parse("2025-03-01T00:00:01Z").toEpochMilli(), 1740787200000.5);
        assertNoMatch(after, "2025-03-01", "2025-03-01T00:00:00Z", "2025-03-01T01:00:00+01:00",
                1740787200000L, "not a date", "2025-02-30", true, null);
        AttributeMatcher before = compile(Operator.DATE_BEFORE, "2025-03-01T12:00:00+02:00");
        assertMatches(before, "2025-03-01T09:59:59Z", "2025-03-01T09:59:59", "2025-02-28");
        assertNoMatch(before, "2025-03-01T10:00:00Z", "2025-03-01T12:00:00+01:00", Double.NaN);
    }

    @Test
    void dateAttributesMayAlsoBeJavaTimeValues() {
        AttributeMatcher after = compile(Operator.DATE_AFTER, "2025-03-01T00:00:00Z");
        assertMatches(after, Instant.parse("2025-03-01T00:00:00.000000001Z"),
                Date.from(Instant.parse("2025-03-01T00:00:00.001Z")), Instant.parse("2025-03-01T00:00:00Z").toEpochMilli() + 1);
        assertNoMatch(after, Instant.parse("2025-03-01T00:00:00Z"), Date.from(Instant.parse("2025-02-28T23:59:59Z")),
                LocalDate.of(2025, 3, 2));
    }

    @Test
    void dateOperandsMayBeTypedByTheYamlReader() throws InvalidOperandException {
        Date date = Date.from(Instant.parse("2025-03-01T00:00:00Z"));
        assertEquals(Operators.compile(Operator.DATE_AFTER, "2025-03-01"), Operators.compile(Operator.DATE_AFTER, date));
        assertEquals(Operators.compile(Operator.DATE_AFTER, "2025-03-01"),
                Operators.compile(Operator.DATE_AFTER, LocalDate.of(2025, 3, 1)));
    }

    @ParameterizedTest
    @EnumSource(Operator.class)
    void aMissingAttributeMatchesNoOperatorNotEvenANegatedOne(Operator operator) {
        Object operand = switch (operator) {
            case IN, NOT_IN -> List.of("x");
            case GT, GTE, LT, LTE -> 1;
            case SEMVER_EQ, SEMVER_GT, SEMVER_LT -> "1.0.0";
            case DATE_AFTER, DATE_BEFORE -> "2025-01-01";
            default -> "x";
        };
        AttributeMatcher matcher = compile(operator, operand);
        assertFalse(matcher.matches(null), operator + " on a missing attribute");
        assertFalse(matcher.matches(Map.of("x", 1)), operator + " on a map attribute");
    }

    @Test
    void operandErrorsSayWhatIsWrongAndWhatWouldBeValid() {
        assertEquals("eq needs a string, number or boolean; got a list; to test several values use in / not_in",
                invalid(Operator.EQ, List.of("a", "b")));
        assertEquals("gt needs a number, e.g. 18 or 2.5; got the string \"ten\"", invalid(Operator.GT, "ten"));
        assertEquals("gt needs a number, e.g. 18 or 2.5; got the string \"1.2.3\"; to compare versions use "
                + "semver_gt / semver_lt", invalid(Operator.GT, "1.2.3"));
        assertEquals("lt needs a number, e.g. 18 or 2.5; got the string \"2025-01-01\"; to compare dates use "
                + "date_after / date_before", invalid(Operator.LT, "2025-01-01"));
        assertEquals("in needs a list of strings, numbers or booleans, e.g. [US, CA]; got the string \"US\"; "
                + "write a one-item list [US] or use eq", invalid(Operator.IN, "US"));
        assertEquals("not_in needs a list of strings, numbers or booleans; item 2 is a map",
                invalid(Operator.NOT_IN, List.of("a", Map.of("b", 1))));
        assertEquals("in needs a list of strings, numbers or booleans; item 1 is nothing (null)",
                invalid(Operator.IN, Arrays.asList((Object) null)));
        assertEquals("matches needs a valid RE2 regular expression; 'beta(' does not compile: missing closing ): "
                + "`beta(`", invalid(Operator.MATCHES, "beta("));
        assertEquals("matches needs a valid RE2 regular expression; '(?=beta)b' does not compile: invalid or "
                + "unsupported Perl syntax: `(?=`", invalid(Operator.MATCHES, "(?=beta)b"));
        assertEquals("matches needs a valid RE2 regular expression; '(a)\\1' does not compile: invalid escape "
                + "sequence: `\\1`", invalid(Operator.MATCHES, "(a)\\1"));
        assertEquals("semver_gt needs a semantic version string like 1.4.0 or 2.0.0-rc.1; got the number 1.4; "
                + "quote it in YAML, e.g. \"1.4.0\"", invalid(Operator.SEMVER_GT, 1.4));
        assertEquals("semver_eq needs a semantic version (SemVer 2.0.0) like 1.4.0 or 2.0.0-rc.1; '1.04.0' is not a "
                + "semantic version: the minor version has a leading zero", invalid(Operator.SEMVER_EQ, "1.04.0"));
        assertTrue(invalid(Operator.DATE_AFTER, "2025-13-01").startsWith("date_after needs an ISO-8601 date like "
                + "2025-03-01 (start of that day UTC) or an instant like 2025-03-01T12:00:00Z; got \"2025-13-01\" ("));
        assertEquals("date_before needs an ISO-8601 date like 2025-03-01 (start of that day UTC) or an instant like "
                + "2025-03-01T12:00:00Z; got the number 1700000000", invalid(Operator.DATE_BEFORE, 1700000000));
        assertEquals("starts_with needs a string (a prefix); got the number 5", invalid(Operator.STARTS_WITH, 5));
        assertEquals("eq needs a finite number; got the number NaN", invalid(Operator.EQ, Double.NaN));
        assertEquals("contains needs a string, number or boolean; got nothing (null)",
                invalid(Operator.CONTAINS, null));
        assertEquals("no operator given", assertThrows(InvalidOperandException.class,
                () -> Operators.compile(null, "x")).getMessage());
    }
}
