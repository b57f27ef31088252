package dev.gitflags.internal.eval;

import dev.gitflags.internal.model.AttributeMatcher;
import dev.gitflags.internal.model.Operator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;


import com.google.re2j.Pattern;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code matches} patterns have a bounded cost: the pre-pass rejects, before RE2J compiles anything, nested
 * counted repetition beyond 1000 copies (RE2's and Go's rule), groups nested too deeply and patterns far too large;
 * what compiles must stay within the program-size cap.
 */
class BoundedRegexTest {

    private static String rejected(String pattern) {
        return assertThrows(InvalidOperandException.class, () -> Operators.compile(Operator.MATCHES, pattern),
                pattern).getMessage();
    }

    private static AttributeMatcher accepted(String pattern) {
        return assertDoesNotThrow(() -> Operators.compile(Operator.MATCHES, pattern), pattern);
    }

    @Test
    void nestedRepetitionBeyondAThousandCopiesIsRejectedBeforeCompiling() {
        // Compiling this ran 190 s and died with an OutOfMemoryError inside RE2J's compiler.
        String message = rejected("((a{1000}){1000}){1000}");
        assertTrue(message.contains("'((a{1000}){1000}){1000}'"), message);
        assertTrue(message.contains("1000000000 copies"), message);
        assertTrue(message.contains("at most 1000"), message);
        // 28.6 s per request against a 60,000-character value: no longer a valid pattern.
        assertTrue(rejected("(a{1000}){100}").contains("100000 copies"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"(?:a{3}){333}", "(?:a{2}){500}", "(?:(?:a{2}){5}){100}", "(?:a{10,}){100}",
            "(a{1000}){0}", "(?:a{1000}){0,1}", "(?:a{1000})*", "(?:a{1000})+", "(?:a{1000})?", "a{1000}",
            "(?:ab){2,}", "(?i:a{10}){100}", "(?P<n>a{10}){100}", "(?<n>a{10}){100}"})
    void repetitionsMultiplyUpToAThousand(String pattern) {
        assertTrue(BoundedRegex.Shape.of(pattern).repeatProduct() <= BoundedRegex.MAX_REPEAT_PRODUCT, pattern);
        // a thousand copies of anything may still be over the program-size cap, but never break the nesting rule
        try {
            Operators.compile(Operator.MATCHES, pattern);
        } catch (InvalidOperandException e) {
            assertTrue(e.getMessage().contains("RE2 instructions"), e.getMessage());
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"(a{3}){334}", "(a{7}){143}", "(a{2}){501}", "((a{2}){5}){101}", "(a{10,}){101}",
            "(a{1,1000}){2}", "(?i)(a{10}){101}", "(?:a{10}){101}", "(?P<n>a{10}){101}", "(?<n>a{10}){101}",
            "x|(a{2}|b{501}){2}", "(a{2}){500}(b{2}){501}", "a{1001}", "a{99999999999}", "(a{1000}){2}?"})
    void aProductOverAThousandIsRejected(String pattern) {
        assertTrue(rejected(pattern).contains("at most 1000"), pattern);
    }

    @ParameterizedTest
    @ValueSource(strings = {"([x{1000}]{2}){5}", "([]{1000}]{2}){5}", "([^]{1000}]{2}){5}", "([[:alpha:]{1000}]){5}",
            "(\\x{1000}{2}){2}", "(\\p{Greek}{2}){2}", "(\\pL{2}){5}", "\\Q(a{1000}){1000}\\E",
            "(a\\{1000\\}){2}", "(x{,1000}){2}", "(x{01000}){2}", "(x{1000){2}", "[\\]{1000}]{5}",
            "(\\Q{1000}\\E){1}"})
    void bracesInsideClassesEscapesAndQuotesAreNoRepetition(String pattern) {
        accepted(pattern);
    }

    @Test
    void aPatternOverTheProgramSizeCapIsRejectedNamingTheCap() {
        String message = rejected("[ab]{1000}[ab]{1000}[ab]{1000}[ab]{1000}[ab]{1000}c");
        assertTrue(message.contains("'[ab]{1000}[ab]{1000}[ab]{1000}[ab]{1000}[ab]{1000}c'"), message);
        assertTrue(message.contains("5003 RE2 instructions"), message);
        assertTrue(message.contains("at most " + BoundedRegex.MAX_PROGRAM_SIZE), message);
    }

    @Test
    void aFlatPatternFarOverTheCapIsRejectedWithoutCompilingIt() {
        // Each piece is within the nesting rule; together they would compile to 200,000 instructions.
        String message = rejected("a{1000}".repeat(200));
        assertTrue(message.contains("before compiling"), message);
        assertTrue(message.contains("at most " + BoundedRegex.MAX_PROGRAM_SIZE), message);
        assertTrue(message.contains("…"), "a long pattern is shortened in the message: " + message);
    }

    @Test
    void groupsNestedTooDeeplyAreRejectedInsteadOfOverflowingTheStack() {
        // 5,000 nested captures made RE2J's compiler throw StackOverflowError.
        String message = rejected("(".repeat(5000) + "a" + ")".repeat(5000));
        assertTrue(message.contains("5000 deep"), message);
        assertTrue(message.contains("at most " + BoundedRegex.MAX_NESTING), message);
    }

    @ParameterizedTest
    @ValueSource(strings = {"^user-[0-9]+$", "^[^@]+@(staff\\.)?acme\\.example$",
            "^[a-zA-Z0-9._%+-]+@[a-zA-Z0-9.-]+\\.[a-zA-Z]{2,}$",
            "^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$",
            "^((25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)\\.){3}(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)$",
            "^(0|[1-9]\\d*)\\.(0|[1-9]\\d*)\\.(0|[1-9]\\d*)(?:-((?:0|[1-9]\\d*|\\d*[a-zA-Z-][0-9a-zA-Z-]*)"
                    + "(?:\\.(?:0|[1-9]\\d*|\\d*[a-zA-Z-][0-9a-zA-Z-]*))*))?(?:\\+([0-9a-zA-Z-]+(?:\\.[0-9a-zA-Z-]+)*))?$",
            "(?i)^(iphone|ipad|android)", "\\p{Han}+", "[[:alpha:]]{2}-[[:upper:]]{2}",
            "^(AT|BE|BG|HR|CY|CZ|DK|EE|FI|FR|DE|GR|HU|IE|IT|LV|LT|LU|MT|NL|PL|PT|RO|SK|SI|ES|SE|NO|IS|LI|CH|GB|US"
                    + "|CA|MX|BR|AR|CL|CO|PE|JP|KR|CN|IN|AU|NZ|ZA|EG|NG|KE)$"})
    void realisticPatternsStayBelowTheCaps(String pattern) {
        accepted(pattern);
    }

    @Test
    void thePrePassEstimateIsNeverBelowTheCompiledSize() {
        Random random = new Random(20261201);
        for (int i = 0; i < 3000; i++) {
            String pattern = randomPattern(random, 3);
            int compiled = Pattern.compile(pattern).programSize();
            long estimated = BoundedRegex.Shape.of(pattern).estimatedSize();
            assertTrue(estimated >= compiled, pattern + ": estimated " + estimated + ", compiled " + compiled);
        }
    }

    /** A random valid RE2 pattern: literals, escapes, classes, groups, alternations and every repetition form. */
    private static String randomPattern(Random random, int depth) {
        StringBuilder pattern = new StringBuilder();
        int items = 1 + random.nextInt(4);
        for (int i = 0; i < items; i++) {
            if (i > 0 && random.nextInt(6) == 0) {
                pattern.append('|');
            }
            int kind = random.nextInt(depth > 0 ? 13 : 8);
            pattern.append(switch (kind) {
                case 0 -> "a";
                case 1 -> "bc";
                case 2 -> "[a-c{]";
                case 3 -> "\\d";
                case 4 -> ".";
                case 5 -> "\\x{41}";
                case 6 -> "\\Q{2}\\E";
                case 7 -> "^";
                case 8 -> "()";
                case 9 -> "(" + randomPattern(random, depth - 1) + "|)";
                case 10 -> "(" + randomPattern(random, depth - 1) + ")";
                case 11 -> "(?:" + randomPattern(random, depth - 1) + ")";
                default -> "(?i:" + randomPattern(random, depth - 1) + ")";
            });
            int low = random.nextInt(4);
            pattern.append(switch (random.nextInt(9)) {
                case 0 -> "*";
                case 1 -> "+";
                case 2 -> "?";
                case 3 -> "{" + low + "}";
                case 4 -> "{" + low + ",}";
                case 5 -> "{" + low + "," + (low + random.nextInt(3)) + "}";
                case 6 -> "{" + low + "}?";
                default -> "";
            });
        }
        return pattern.toString();
    }
}
