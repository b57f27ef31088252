package dev.gitflags.internal.load;

import dev.gitflags.internal.eval.InvalidOperandException;
import dev.gitflags.internal.eval.Operators;
import dev.gitflags.internal.graph.Suggestions;
import dev.gitflags.internal.model.AttributeMatcher;
import dev.gitflags.internal.model.Condition;
import dev.gitflags.internal.model.FlagType;
import dev.gitflags.internal.model.Operator;
import dev.gitflags.internal.model.Origin;
import dev.gitflags.internal.model.Problem;
import dev.gitflags.internal.model.ProblemCode;
import dev.gitflags.internal.model.Rule;
import dev.gitflags.internal.model.Serve;
import dev.gitflags.internal.model.Variant;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * Reads the parts flags and overrides share — values, variants, rules with compiled conditions — and checks
 * them against the flag's type, adding each problem found to the list it was given.
 */
final class TargetingReader {

    private static final List<String> OPERATOR_NAMES = Arrays.stream(Operator.values()).map(Operator::yamlName).toList();

    private final YamlDocument document;
    private final int maxAttributeLength;
    private final int maxFlagTargeting;
    private final List<Problem> problems;

    /**
     * Conditions are compiled to examine attribute values of at most {@code maxAttributeLength} characters; one
     * flag's rules may hold at most {@code maxFlagTargeting} rules, conditions and listed values together.
     */
    TargetingReader(YamlDocument document, int maxAttributeLength, int maxFlagTargeting, List<Problem> problems) {
        this.document = document;
        this.maxAttributeLength = maxAttributeLength;
        this.maxFlagTargeting = maxFlagTargeting;
        this.problems = problems;
    }

    Origin origin(Node node) {
        return document.origin(node);
    }

    /** A flag value, checked against the flag's type (when the type is known). */
    Object value(Node node, FlagType type, String flagKey, String what) {
        Object value = YamlDocument.value(node);
        checkType(value, node, type, flagKey, what);
        return value;
    }

    void checkType(Object value, Node node, FlagType type, String flagKey, String what) {
        if (type == null || type.accepts(value)) {
            return;
        }
        problems.add(Problem.of(ProblemCode.E_TYPE_MISMATCH, origin(node),
                what + " of flag '" + flagKey + "' is " + describe(value) + ", but the flag's type is " + type.yamlName(),
                switch (type) {
                    case BOOLEAN -> "write true or false";
                    case STRING -> "write a string; quote it if it looks like a number or true/false";
                    case NUMBER -> "write a number without quotes, e.g. 42 or 0.5";
                    case JSON -> "write any value: an object, a list, a string, a number or a boolean";
                }));
    }

    /** Variants sorted by key; weights must add up to 100 when there are any. */
    List<Variant> variants(Node keyNode, Node node, FlagType type, String flagKey) {
        List<Variant> variants = new ArrayList<>();
        if (!(node instanceof MappingNode mapping)) {
            return variants;
        }
        int total = 0;
        for (NodeTuple tuple : mapping.getValue()) {
            String key = YamlDocument.keyText(tuple.getKeyNode());
            Nodes.Fields fields = Nodes.entries(tuple.getValueNode());
            Node valueNode = Nodes.value(fields, "value");
            Object value = valueNode == null ? null
                    : value(valueNode, type, flagKey, "value of variant '" + key + "'");
            Integer weight = Nodes.integer(Nodes.value(fields, "weight"));
            int share = weight == null ? 0 : weight;
            total += share;
            variants.add(new Variant(key, value, share, origin(tuple.getKeyNode())));
        }
        if (!variants.isEmpty() && total != 100) {
            problems.add(Problem.of(ProblemCode.E_VARIANT_WEIGHTS, origin(keyNode != null ? keyNode : node),
                    "variant weights of flag '" + flagKey + "' add up to " + total + ", not 100",
                    "adjust the weights so that they add up to exactly 100"));
        }
        variants.sort(Comparator.comparing(Variant::key));
        return variants;
    }

    /** Rules sorted by priority, ties in file order (List.sort is stable). */
    List<Rule> rules(Node node, FlagType type, String flagKey) {
        List<Node> items = Nodes.items(node);
        List<Rule> rules = new ArrayList<>(items.size());
        for (int index = 0; index < items.size(); index++) {
            rules.add(rule(items.get(index), index, type, flagKey));
        }
        rules.sort(Comparator.comparingInt(Rule::priority));
        checkSize(node, rules, flagKey);
        return rules;
    }

    /** E_LIMIT at {@code rules:} when they hold more than {@link #maxFlagTargeting} rules, conditions and values. */
    private void checkSize(Node node, List<Rule> rules, String flagKey) {
        long size = rules.size();
        for (Rule rule : rules) {
            for (Condition condition : rule.conditions()) {
                size += 1 + (condition.value() instanceof List<?> values ? values.size() : 0);
            }
        }
        if (size > maxFlagTargeting) {
            problems.add(Problem.of(ProblemCode.E_LIMIT, origin(node),
                    "the rules of flag '" + flagKey + "' hold " + size + " rules, conditions and listed values, "
                            + "more than the " + maxFlagTargeting + " one flag may have",
                    "target an attribute the application sets (a group, a plan) rather than listing its members, "
                            + "or raise the limit with --max-flag-targeting"));
        }
    }

    private Rule rule(Node node, int index, FlagType type, String flagKey) {
        Nodes.Fields fields = Nodes.entries(node);
        String name = Nodes.string(Nodes.value(fields, "name"));
        Integer priority = Nodes.integer(Nodes.value(fields, "priority"));
        Boolean enabled = Nodes.bool(Nodes.value(fields, "enabled"));
        List<Condition> conditions = new ArrayList<>();
        for (Node condition : Nodes.items(Nodes.value(fields, "conditions"))) {
            Condition compiled = condition(condition);
            if (compiled != null) {
                conditions.add(compiled);
            }
        }
        Integer rollout = Nodes.integer(Nodes.value(fields, "rollout_percentage"));
        return new Rule(name != null ? name : "rule #" + (index + 1), priority == null ? 0 : priority,
                enabled == null || enabled, conditions, serve(Nodes.value(fields, "serve"), type, flagKey), rollout,
                origin(node));
    }

    private Serve serve(Node node, FlagType type, String flagKey) {
        String variant = Nodes.string(node);
        if (variant != null) {
            return Serve.ofVariant(variant);
        }
        Nodes.Fields fields = Nodes.entries(node);
        Boolean enabled = Nodes.bool(Nodes.value(fields, "enabled"));
        Node valueNode = Nodes.value(fields, "value");
        Object value = valueNode == null ? null : value(valueNode, type, flagKey, "served value");
        return Serve.ofValue(enabled == null || enabled, value);
    }

    /** The compiled condition, or null when its operator or operand is wrong (reported). */
    private Condition condition(Node node) {
        Nodes.Fields fields = Nodes.entries(node);
        String attribute = Nodes.string(Nodes.value(fields, "attribute"));
        Node operatorNode = Nodes.value(fields, "operator");
        String operatorName = Nodes.string(operatorNode);
        Node operandNode = Nodes.value(fields, "value");
        if (attribute == null || operatorName == null || operandNode == null) {
            return null; // the schema check reported what is missing
        }
        Operator operator = Operator.fromYaml(operatorName).orElse(null);
        if (operator == null) {
            problems.add(Problem.of(ProblemCode.E_UNKNOWN_OPERATOR, origin(operatorNode),
                    "unknown operator '" + operatorName + "'",
                    Suggestions.nearest(operatorName, OPERATOR_NAMES).map(name -> "did you mean '" + name + "'?")
                            .orElse("use one of " + String.join(", ", OPERATOR_NAMES))));
            return null;
        }
        if (YamlDocument.holdsInexactNumber(operandNode)) {
            return null; // reported as E_BAD_NUMBER where the number is
        }
        Object operand = YamlDocument.value(operandNode);
        AttributeMatcher matcher;
        try {
            matcher = Operators.compile(operator, operand, maxAttributeLength);
        } catch (InvalidOperandException e) {
            problems.add(Problem.of(ProblemCode.E_BAD_OPERAND, origin(operandNode),
                    "value of '" + attribute + " " + operatorName + "' is invalid: " + e.getMessage(),
                    e.hint() != null ? e.hint() : operandHint(operator)));
            return null;
        }
        // interned: callers name attributes with literals, and a map look-up that finds the same String object
        // skips comparing its characters (a third of a targeted evaluation's time before this)
        return new Condition(attribute.intern(), operator, operand, matcher, origin(node));
    }

    private static String operandHint(Operator operator) {
        return switch (operator) {
            case MATCHES -> "write an RE2 regular expression, e.g. '^user-[0-9]+$' (RE2 has no backreferences or "
                    + "lookaround; it matches in linear time)";
            case SEMVER_EQ, SEMVER_GT, SEMVER_LT -> "write a semantic version, e.g. 1.4.0";
            case DATE_AFTER, DATE_BEFORE -> "write an ISO-8601 date or instant, e.g. 2025-01-31 or 2025-01-31T12:00:00Z";
            case IN, NOT_IN -> "write a list, e.g. [DE, FR]";
            default -> "write a value that suits the operator";
        };
    }

    static String describe(Object value) {
        if (value == null) {
            return "null";
        }
        if (value instanceof Boolean) {
            return "a boolean (" + value + ")";
        }
        if (value instanceof Long || value instanceof Double) {
            return "a number (" + value + ")";
        }
        if (value instanceof String text) {
            return "a string ('" + (text.length() > 40 ? text.substring(0, 40) + "…" : text) + "')";
        }
        if (value instanceof Map) {
            return "an object";
        }
        return "a list";
    }
}
