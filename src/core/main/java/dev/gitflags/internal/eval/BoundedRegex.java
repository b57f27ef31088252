package dev.gitflags.internal.eval;

import com.google.re2j.Pattern;
import com.google.re2j.PatternSyntaxException;

import java.util.ArrayDeque;
import java.util.Deque;

/**
 * {@code matches} patterns compiled only when their cost is bounded. RE2J matches in time linear in the value, but
 * the factor is the size of the compiled program, and compiling {@code ((a{1000}){1000}){1000}} alone builds a
 * billion instructions (it ran out of memory after 190 s). RE2J exposes no syntax tree and knows its
 * {@link Pattern#programSize()} only after that compile, so a pre-pass over the pattern text checks first:
 * <ul>
 *   <li>counted repetitions ({@code {n}}, {@code {n,}}, {@code {n,m}}) multiply when nested, and along any nesting
 *       the product may be at most {@value #MAX_REPEAT_PRODUCT} (RE2's and Go's rule; {@code {n,}} counts n);</li>
 *   <li>groups nest at most {@value #MAX_NESTING} deep (RE2J's compiler recurses per level);</li>
 *   <li>the program the text would compile to, estimated from above, is not far over the cap
 *       ({@value #MAX_ESTIMATE_FACTOR} times it), so flat pieces such as {@code a{1000}} repeated a thousand
 *       times are refused without compiling them.</li>
 * </ul>
 * Then RE2J compiles the pattern and its program may have at most {@value #MAX_PROGRAM_SIZE} instructions: above
 * realistic targeting patterns (an e-mail or UUID check needs 13–40, the SemVer 2.0.0 regex 65, 50 country codes
 * 128, a full IPv6 address regex 697; a list of hundreds of names is an {@code in} condition), low enough that one
 * condition stays cheap: RE2J's time is about the program size times the value's length (see the README).
 */
public final class BoundedRegex {

    /** Most copies nested counted repetitions may make of what they repeat. */
    public static final int MAX_REPEAT_PRODUCT = 1000;
    /** Most instructions of a compiled pattern ({@link Pattern#programSize()}). */
    public static final int MAX_PROGRAM_SIZE = 1000;
    /** Deepest nesting of groups. */
    public static final int MAX_NESTING = 1000;
    /** How far over {@link #MAX_PROGRAM_SIZE} the pre-pass estimate may be before the pattern is not compiled. */
    static final int MAX_ESTIMATE_FACTOR = 20;

    private static final int SHOWN_CHARACTERS = 60;
    private static final String TOO_LARGE = "write a smaller pattern: each character, class and group costs "
            + "instructions, and a counted repetition {n} repeats them n times; to test a value against a list, "
            + "use in / not_in";

    private BoundedRegex() {
    }

    /** The compiled pattern, or an exception naming the pattern and the rule or cap it breaks. */
    static Pattern compile(String text) throws InvalidOperandException {
        Shape shape = Shape.of(text);
        if (shape.repeatProduct() > MAX_REPEAT_PRODUCT) {
            throw new InvalidOperandException("matches needs a pattern of bounded cost; " + shown(text)
                    + " nests counted repetitions to " + shape.repeatProduct() + " copies, and at most "
                    + MAX_REPEAT_PRODUCT + " are allowed",
                    "counted repetitions {n}, {n,} and {n,m} multiply when nested: keep the product along any "
                            + "nesting at most " + MAX_REPEAT_PRODUCT + ", as RE2 and Go require");
        }
        if (shape.depth() > MAX_NESTING) {
            throw new InvalidOperandException("matches needs a pattern of bounded cost; " + shown(text)
                    + " nests groups " + shape.depth() + " deep, and at most " + MAX_NESTING + " are allowed",
                    "remove redundant parentheses");
        }
        if (shape.estimatedSize() > (long) MAX_ESTIMATE_FACTOR * MAX_PROGRAM_SIZE) {
            throw new InvalidOperandException("matches needs a pattern of bounded cost; " + shown(text)
                    + " would compile to about " + shape.estimatedSize() + " RE2 instructions (estimated before "
                    + "compiling), and at most " + MAX_PROGRAM_SIZE + " are allowed", TOO_LARGE);
        }
        Pattern pattern;
        try {
            pattern = Pattern.compile(text);
        } catch (PatternSyntaxException e) {
            // RE2J's message names the offending fragment, e.g. "missing closing ): `beta(`"
            String why = e.getMessage().replaceFirst("^error parsing regexp: ", "");
            throw new InvalidOperandException("matches needs a valid RE2 regular expression; " + shown(text)
                    + " does not compile: " + why);
        }
        if (pattern.programSize() > MAX_PROGRAM_SIZE) {
            throw new InvalidOperandException("matches needs a pattern of bounded cost; " + shown(text)
                    + " compiles to " + pattern.programSize() + " RE2 instructions, and at most " + MAX_PROGRAM_SIZE
                    + " are allowed", TOO_LARGE);
        }
        return pattern;
    }

    /** The pattern as a message quotes it: in full when short, else its start. */
    private static String shown(String text) {
        return "'" + (text.length() <= SHOWN_CHARACTERS ? text : text.substring(0, SHOWN_CHARACTERS) + "…") + "'";
    }

    /**
     * What the pre-pass learns from a pattern's text: the largest product of nested repetition counts, the deepest
     * group nesting, and an upper estimate of the program size. It reads the text as RE2J's parser does — escapes
     * ({@code \x{…}}, {@code \p{…}}, {@code \Q…\E}), character classes (with {@code []…]} and {@code [:alpha:]}),
     * groups, flags, and braces that are no repetition — but checks nothing else: syntax errors are the
     * compiler's to report, once the pattern has passed these checks.
     *
     * <p>The estimate counts what RE2J's compiler emits: one instruction per literal, class, dot, assertion or
     * empty alternative, two per capturing group, one per {@code |}, {@code +} and {@code ?}, two per {@code *};
     * {@code x{n,m}} is m copies of x plus one per optional copy, {@code x{n,}} n copies plus one (two for n = 0),
     * {@code x{0}} one; and two for the whole program. RE2J may factor alternations, so the real program can be
     * smaller, never larger ({@code BoundedRegexTest} checks this on random patterns).
     */
    record Shape(long repeatProduct, int depth, long estimatedSize) {

        /** Counts saturate here: far above every cap, far below overflow when multiplied by a count. */
        private static final long CEILING = 1L << 40;
        /** Any count above the rule's maximum is rejected; counting higher tells nothing more. */
        private static final int COUNT_CEILING = MAX_REPEAT_PRODUCT + 1;

        static Shape of(String text) {
            return new Scan(text).run();
        }

        /** One group being read: what it holds so far, and the last item, which a repetition would apply to. */
        private static final class Group {
            final boolean capturing;
            long size;
            long product = 1;
            boolean branchHasItems;
            boolean hasItem;
            long itemSize;
            long itemProduct = 1;

            Group(boolean capturing) {
                this.capturing = capturing;
            }

            void item(long itemSize, long itemProduct) {
                settle();
                this.branchHasItems = true;
                this.hasItem = true;
                this.itemSize = itemSize;
                this.itemProduct = itemProduct;
            }

            /** Adds the last item to the group; a repetition after this has nothing to apply to. */
            void settle() {
                size = Math.min(CEILING, size + itemSize);
                product = Math.max(product, itemProduct);
                hasItem = false;
                itemSize = 0;
                itemProduct = 1;
            }

            /** x{min,max}; max -1 for x{min,}. */
            void repeat(int min, int max) {
                if (!hasItem) {
                    return; // "missing argument to repetition operator": the compiler says so
                }
                if (max == 0) {
                    itemSize = 1; // x{0} matches the empty string, whatever x is
                    itemProduct = 1;
                    return;
                }
                int copies = max < 0 ? min : max;
                itemProduct = Math.min(CEILING, itemProduct * Math.max(copies, 1));
                // x{0,} is x*, x{n,} ends in x+ (see repeatOnce); x{n,m} has m - n optional copies
                long optional = max < 0 ? (min == 0 ? 2 : 1) : Math.max(0, max - min);
                itemSize = Math.min(CEILING, itemSize * Math.max(copies, 1) + optional);
            }

            /** x+ and x? add one instruction; x* two when x may match "" (RE2J compiles it as (x+)?), else one. */
            void repeatOnce(int instructions) {
                if (hasItem) {
                    itemSize = Math.min(CEILING, itemSize + instructions);
                }
            }

            void alternative() {
                endBranch();
                size = Math.min(CEILING, size + 1);
            }

            /** Settles the last item; an empty branch still compiles to one instruction (it matches ""). */
            void endBranch() {
                settle();
                if (!branchHasItems) {
                    size = Math.min(CEILING, size + 1);
                }
                branchHasItems = false;
            }
        }

        private static final class Scan {
            private final String text;
            private final Deque<Group> groups = new ArrayDeque<>();
            private Group group = new Group(false);
            private int depth;
            private int at;

            Scan(String text) {
                this.text = text;
            }

            Shape run() {
                int n = text.length();
                while (at < n) {
                    char c = text.charAt(at);
                    switch (c) {
                        case '(' -> openGroup();
                        case ')' -> {
                            at++;
                            closeGroup();
                        }
                        case '|' -> {
                            group.alternative();
                            at++;
                        }
                        case '*', '+', '?' -> {
                            group.repeatOnce(c == '*' ? 2 : 1);
                            at++;
                            skipNonGreedyMark();
                        }
                        case '{' -> counted();
                        case '[' -> {
                            skipClass();
                            group.item(1, 1);
                        }
                        case '\\' -> escape();
                        default -> {
                            at += Character.charCount(text.codePointAt(at));
                            group.item(1, 1);
                        }
                    }
                }
                while (!groups.isEmpty()) {
                    closeGroup(); // "missing closing )": the compiler says so; fold the group in meanwhile
                }
                group.endBranch();
                return new Shape(group.product, depth, Math.min(CEILING, group.size + 2));
            }

            private void openGroup() {
                boolean capturing;
                if (text.startsWith("(?P<", at) || text.startsWith("(?<", at)) {
                    int end = text.indexOf('>', at);
                    at = end < 0 ? text.length() : end + 1;
                    capturing = true;
                } else if (text.startsWith("(?", at)) {
                    int flags = at + 2;
                    while (flags < text.length() && "imsU-".indexOf(text.charAt(flags)) >= 0) {
                        flags++;
                    }
                    if (flags < text.length() && text.charAt(flags) == ')') {
                        at = flags + 1; // (?i): only flags, no group
                        return;
                    }
                    at = flags < text.length() && text.charAt(flags) == ':' ? flags + 1 : at + 2;
                    capturing = false;
                } else {
                    at++;
                    capturing = true;
                }
                groups.push(group);
                group = new Group(capturing);
                depth = Math.max(depth, groups.size());
            }

            private void closeGroup() {
                if (groups.isEmpty()) {
                    return; // "unexpected )": the compiler says so
                }
                Group closed = group;
                closed.endBranch();
                group = groups.pop();
                group.item(Math.min(CEILING, closed.size + (closed.capturing ? 2 : 0)), closed.product);
            }

            /** {n}, {n,} or {n,m} as RE2J's parseRepeat reads them; anything else makes '{' a literal. */
            private void counted() {
                int start = at;
                at++;
                int min = number();
                int max = min;
                if (min >= 0 && at < text.length() && text.charAt(at) == ',') {
                    at++;
                    max = at < text.length() && text.charAt(at) == '}' ? -1 : number();
                    if (max == -2) {
                        min = -2; // "{3,x}" is no repetition
                    }
                }
                if (min < 0 || at >= text.length() || text.charAt(at) != '}') {
                    at = start + 1;
                    group.item(1, 1);
                    return;
                }
                at++;
                group.repeat(min, max);
                skipNonGreedyMark();
            }

            /** Decimal digits without a leading zero (saturated at {@link #COUNT_CEILING}); -2 when malformed. */
            private int number() {
                int start = at;
                long value = 0;
                while (at < text.length() && text.charAt(at) >= '0' && text.charAt(at) <= '9') {
                    value = Math.min(COUNT_CEILING, value * 10 + (text.charAt(at) - '0'));
                    at++;
                }
                boolean malformed = at == start || (at - start > 1 && text.charAt(start) == '0');
                return malformed ? -2 : (int) value;
            }

            private void skipNonGreedyMark() {
                if (at < text.length() && text.charAt(at) == '?') {
                    at++;
                }
            }

            /** Past the class that starts at '[': ']' right after '[' or '[^' is a member, as are [:name:]. */
            private void skipClass() {
                at++;
                if (at < text.length() && text.charAt(at) == '^') {
                    at++;
                }
                boolean first = true;
                while (at < text.length() && (text.charAt(at) != ']' || first)) {
                    first = false;
                    if (text.startsWith("[:", at) && text.indexOf(":]", at) >= 0) {
                        at = text.indexOf(":]", at) + 2;
                    } else if (text.charAt(at) == '\\') {
                        skipEscape();
                    } else {
                        at += Character.charCount(text.codePointAt(at));
                    }
                }
                at = Math.min(text.length(), at + 1);
            }

            private void escape() {
                if (text.startsWith("\\Q", at)) {
                    int end = text.indexOf("\\E", at + 2);
                    String literal = text.substring(at + 2, end < 0 ? text.length() : end);
                    at = end < 0 ? text.length() : end + 2;
                    int count = literal.codePointCount(0, literal.length());
                    if (count > 0) {
                        group.item(count - 1, 1);
                        group.item(1, 1); // a repetition applies to the last character alone
                    }
                    return;
                }
                skipEscape();
                group.item(1, 1);
            }

            /** Past one escape: \p{…}, \pX, \x{…}, \xHH, octal \0.. and \1..\7 followed by a digit, or \ and one character. */
            private void skipEscape() {
                at++;
                if (at >= text.length()) {
                    return;
                }
                char c = text.charAt(at);
                if ((c == 'p' || c == 'P' || c == 'x') && text.startsWith("{", at + 1)) {
                    int end = text.indexOf('}', at + 2);
                    at = end < 0 ? text.length() : end + 1;
                } else if (c == 'x') {
                    at = Math.min(text.length(), at + 3);
                } else if (c == 'p' || c == 'P') {
                    at = Math.min(text.length(), at + 1);
                    if (at < text.length()) {
                        at += Character.charCount(text.codePointAt(at));
                    }
                } else if (c >= '0' && c <= '7') {
                    boolean octal = c == '0' || (at + 1 < text.length() && isOctal(text.charAt(at + 1)));
                    at++;
                    for (int digits = 1; octal && digits < 3 && at < text.length() && isOctal(text.charAt(at)); digits++) {
                        at++;
                    }
                } else {
                    at += Character.charCount(text.codePointAt(at));
                }
            }

            private static boolean isOctal(char c) {
                return c >= '0' && c <= '7';
            }
        }
    }
}
