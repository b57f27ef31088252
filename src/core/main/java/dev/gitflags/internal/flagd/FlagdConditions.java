package dev.gitflags.internal.flagd;

import dev.gitflags.internal.model.Condition;
import dev.gitflags.internal.model.Operator;
import dev.gitflags.internal.model.Values;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * gitflags conditions as flagd JsonLogic that matches exactly the same contexts. JsonLogic coerces types
 * ({@code "10" > 5}, {@code null != "US"}), and gitflags does not: an attribute that is absent, of a type the operator
 * cannot compare, or a string longer than {@code max_attribute_length} matches no condition, the negated ones
 * included. So each test is written strict ({@code ===}, {@code in} over a list, flagd's type-checking
 * {@code starts_with}) and, where JsonLogic alone would say yes to (or fail on) such an attribute, guarded:
 * <ul>
 *   <li>a string: {@code starts_with(x, "")}, which flagd answers only for strings;</li>
 *   <li>a boolean: {@code x in [true, false]} (strict membership);</li>
 *   <li>a number: not null, not a string, not a boolean;</li>
 *   <li>short enough: {@link #shortEnough}, after the string guard (substr counts UTF-16 units, as gitflags);</li>
 *   <li>a list, for {@code contains}: {@code in} over {@code merge([x, []])}, after the string guard (see
 *   {@link #contains}); for {@code not_contains}: {@link #isList}, after the string guard.</li>
 * </ul>
 * Operators flagd has no exact form for make the flag {@link Unexportable}: {@code matches} (no regex operator),
 * {@code date_after}/{@code date_before} (no date operator), the semver operators (flagd's {@code sem_ver} also
 * accepts {@code v1.2.3}, {@code 1.2} and numbers, which gitflags refuses), {@code contains} and
 * {@code not_contains} with a number or boolean operand (JsonLogic's {@code in} tests it against a string as text).
 * A test that can never match is {@link #NEVER}.
 */
final class FlagdConditions {

    /** A condition no context matches (its rule is left out of the targeting). */
    static final Object NEVER = new Object();

    private final int maxAttributeLength;
    private final String pad;

    FlagdConditions(int maxAttributeLength) {
        this.maxAttributeLength = maxAttributeLength;
        this.pad = " ".repeat(maxAttributeLength);
    }

    /** The JsonLogic of one condition, or {@link #NEVER}. */
    Object condition(Condition condition) throws Unexportable {
        String attribute = condition.attribute();
        checkAttributeName(attribute);
        Map<String, Object> x = Map.of("var", attribute);
        Object value = Values.normalize(condition.value());
        return switch (condition.operator()) {
            case EQ -> value instanceof String text && text.length() > maxAttributeLength ? NEVER
                    : op("===", x, value);
            case NE -> and(typeGuards(x, value), op("!==", x, value));
            case GT -> and(numberGuards(x), op(">", x, value));
            case GTE -> and(numberGuards(x), op(">=", x, value));
            case LT -> and(numberGuards(x), op("<", x, value));
            case LTE -> and(numberGuards(x), op("<=", x, value));
            case IN -> {
                List<Object> members = members(value);
                yield members.isEmpty() ? NEVER : op("in", x, members);
            }
            case NOT_IN -> {
                // every scalar attribute that is not a member matches, whatever its type
                List<Object> guards = new ArrayList<>();
                guards.add(op("!==", x, null));
                guards.add(Map.of("or", List.of(Map.of("!", isString(x)), shortEnough(x))));
                guards.add(Map.of("!", Map.of("in", List.of(x, members(value)))));
                yield Map.of("and", guards);
            }
            case STARTS_WITH, ENDS_WITH -> {
                // flagd's starts_with / ends_with answer only for two strings, so they are the string guard
                Object test = op(condition.operator().yamlName(), x, value);
                yield ((String) value).length() > maxAttributeLength ? NEVER
                        : Map.of("and", List.of(test, shortEnough(x)));
            }
            case MATCHES -> throw new Unexportable("condition '" + attribute + " matches': flagd has no regular-"
                    + "expression operator");
            case DATE_AFTER, DATE_BEFORE -> throw new Unexportable("condition '" + attribute + " "
                    + condition.operator().yamlName() + "': flagd has no date operator");
            case SEMVER_EQ, SEMVER_GT, SEMVER_LT -> throw new Unexportable("condition '" + attribute + " "
                    + condition.operator().yamlName() + "': flagd's sem_ver also accepts versions gitflags refuses "
                    + "(v1.2.3, 1.2, numbers), so it would match where gitflags does not");
            case CONTAINS, NOT_CONTAINS -> {
                if (!(value instanceof String part)) {
                    throw new Unexportable("condition '" + attribute + " " + condition.operator().yamlName() + " "
                            + value + "': only a string operand is exported: JsonLogic's in tests a number or "
                            + "boolean against a string attribute as text (\"a5b\" contains 5, \"untrue\" contains "
                            + "true), which gitflags never matches");
                }
                yield condition.operator() == Operator.CONTAINS ? contains(x, part) : notContains(x, part);
            }
        };
    }

    /** JsonLogic's var reads a.b as a path, and flagd puts its own values at targetingKey and $flagd. */
    private static void checkAttributeName(String attribute) throws Unexportable {
        if (attribute.contains(".")) {
            throw new Unexportable("attribute '" + attribute + "': flagd reads a dot in an attribute name as a path");
        }
        if (attribute.equals("targetingKey") || attribute.startsWith("$flagd")) {
            throw new Unexportable("attribute '" + attribute + "': flagd sets it itself");
        }
    }

    /**
     * contains with a string operand: a substring of a string that is short enough, else strict membership.
     * flagd-core's {@code in} errors on a number, true or a map, so a non-string is read as its {@link #elements}:
     * the list's elements, or a one-element list of a scalar, which never strictly equals a string.
     * The empty operand is in every string, but flagd-core's {@code in} says no for the empty string, so that test
     * is the length guard alone.
     */
    private Map<String, Object> contains(Map<String, Object> x, String part) {
        Object inString = part.isEmpty() ? shortEnough(x) : Map.of("and", List.of(shortEnough(x), op("in", part, x)));
        Object inList = op("in", part, elements(x));
        return Map.of("if", List.of(isString(x), inString, inList));
    }

    /**
     * not_contains with a string operand: a short enough string without it, or a list without it as an element;
     * gitflags matches nothing else (absent, null, a number, a boolean, a map). No string lacks the empty operand.
     */
    private Map<String, Object> notContains(Map<String, Object> x, String part) {
        Object inString = part.isEmpty() ? false
                : Map.of("and", List.of(shortEnough(x), Map.of("!", op("in", part, x))));
        Object inList = Map.of("and", List.of(isList(x), Map.of("!", op("in", part, elements(x)))));
        return Map.of("if", List.of(isString(x), inString, inList));
    }

    /**
     * Whether a value that is not a string is a list: {@code merge([x, []])} is a list's elements, or a one-element
     * list of anything else, which holds x itself (the same value, so strictly equal); a list is never one of its
     * own elements.
     */
    private static Map<String, Object> isList(Map<String, Object> x) {
        return Map.of("!", op("in", x, elements(x)));
    }

    /**
     * {@code merge([x, []])}: a list's elements, or a one-element list of anything else (the second, empty argument
     * because json-logic-java spreads a lone list argument, which would flatten a nested list twice).
     */
    private static Map<String, Object> elements(Map<String, Object> x) {
        return Map.of("merge", List.of(x, List.of()));
    }

    /** The guards that ne needs: the attribute has the operand's type (and, for a string, is short enough). */
    private List<Object> typeGuards(Map<String, Object> x, Object value) {
        if (value instanceof String) {
            return List.of(isString(x), shortEnough(x));
        }
        if (value instanceof Boolean) {
            return List.of(Map.of("in", List.of(x, List.of(true, false))));
        }
        return numberGuards(x);
    }

    private static List<Object> numberGuards(Map<String, Object> x) {
        return List.of(op("!==", x, null), Map.of("!", isString(x)),
                Map.of("!", Map.of("in", List.of(x, List.of(true, false)))));
    }

    /** The members a scalar attribute can equal: strings longer than the limit never do. */
    private List<Object> members(Object value) {
        List<Object> members = new ArrayList<>();
        for (Object item : (List<?>) value) {
            Object member = Values.normalize(item);
            if (!(member instanceof String text && text.length() > maxAttributeLength)) {
                members.add(member);
            }
        }
        return members;
    }

    private static Map<String, Object> isString(Map<String, Object> x) {
        return op("starts_with", x, "");
    }

    /**
     * True for a string of at most {@code max} UTF-16 units, in JsonLogic every flagd evaluator runs: with
     * {@code s = x + P} ({@code P} = {@code max} spaces), {@code s[max:]} is a prefix of {@code P} exactly when
     * {@code x[max:]} is empty. Padding first keeps {@code substr}'s start within the string, which flagd's Java
     * evaluator requires (JavaScript's would clamp).
     */
    private Map<String, Object> shortEnough(Map<String, Object> x) {
        Object padded = Map.of("cat", List.of(x, pad));
        return op("starts_with", pad, Map.of("substr", List.of(padded, maxAttributeLength)));
    }

    private static Map<String, Object> and(List<Object> guards, Object test) {
        List<Object> all = new ArrayList<>(guards);
        all.add(test);
        return Map.of("and", all);
    }

    private static Map<String, Object> op(String operator, Object left, Object right) {
        List<Object> arguments = new ArrayList<>(2);
        arguments.add(left);
        arguments.add(right);
        return Map.of(operator, arguments);
    }
}
