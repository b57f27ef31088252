package dev.gitflags.internal.eval;

import dev.gitflags.internal.graph.ResolvedFlag;
import dev.gitflags.internal.model.Condition;
import dev.gitflags.internal.model.FlagField;
import dev.gitflags.internal.model.FlagStatus;
import dev.gitflags.internal.model.FlagType;
import dev.gitflags.internal.model.Operator;
import dev.gitflags.internal.model.Rule;
import dev.gitflags.internal.model.Serve;
import dev.gitflags.internal.model.Variant;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static dev.gitflags.internal.eval.ModelFixtures.condition;
import static dev.gitflags.internal.eval.ModelFixtures.disabled;
import static dev.gitflags.internal.eval.ModelFixtures.flag;
import static dev.gitflags.internal.eval.ModelFixtures.rule;
import static dev.gitflags.internal.eval.ModelFixtures.variant;

/**
 * Random flags of every shape the evaluator's steps know (disabled and inactive flags, rules with and without
 * conditions and rollouts, disabled rules, rules serving a value, the enabled value or a variant — also one the flag
 * lacks —, splits, flag rollouts) and requests that reach each branch, for tests that hold two readings of the
 * steps to each other.
 */
final class RandomFlags {

    static final Condition IN_NL = condition("country", Operator.EQ, "NL");
    static final Condition STAFF = condition("email", Operator.ENDS_WITH, "@acme.example");

    private RandomFlags() {
    }

    /** 600 requests: keyed, unkeyed (null and empty key), with none, either or both of the attributes rules test. */
    static List<EvaluationContext> contexts() {
        List<EvaluationContext> contexts = new ArrayList<>();
        for (int i = 0; i < 150; i++) {
            String key = i == 0 ? null : i == 1 ? "" : "user-" + i;
            contexts.add(new EvaluationContext(key, Map.of()));
            contexts.add(new EvaluationContext(key, Map.of("country", "NL")));
            contexts.add(new EvaluationContext(key, Map.of("email", "ann@acme.example")));
            contexts.add(new EvaluationContext(key, Map.of("country", "NL", "email", "bob@acme.example")));
        }
        return contexts;
    }

    /** A random flag of key f-0, f-1 or f-2, boolean or string. */
    static ResolvedFlag of(Random random) {
        FlagType type = random.nextBoolean() ? FlagType.BOOLEAN : FlagType.STRING;
        ModelFixtures.FlagBuilder builder = flag("f-" + random.nextInt(3), type, randomValue(random, type))
                .enabled(random.nextInt(4) > 0)
                .status(random.nextInt(8) == 0 ? FlagStatus.INACTIVE : FlagStatus.ACTIVE)
                .rollout(randomRollout(random));
        randomRules(random, type).forEach(builder::rules);
        randomVariants(random, type).forEach(builder::variants);
        return builder.resolved();
    }

    /** A random value for one field of a flag of {@code type}. */
    static Object fieldValue(Random random, FlagField field, FlagType type) {
        return switch (field) {
            case ENABLED -> random.nextBoolean();
            case DEFAULT_VALUE -> randomValue(random, type);
            case ROLLOUT_PERCENTAGE -> randomRollout(random);
            case RULES -> randomRules(random, type);
            case VARIANTS -> randomVariants(random, type);
        };
    }

    private static Object randomValue(Random random, FlagType type) {
        return type == FlagType.BOOLEAN ? random.nextBoolean() : List.of("a", "b", "c").get(random.nextInt(3));
    }

    private static Integer randomRollout(Random random) {
        Integer[] choices = {null, null, 0, 30, 99, 100};
        return choices[random.nextInt(choices.length)];
    }

    private static List<Rule> randomRules(Random random, FlagType type) {
        List<Rule> rules = new ArrayList<>();
        int count = random.nextInt(3);
        for (int i = 0; i < count; i++) {
            Condition[] conditions = switch (random.nextInt(4)) {
                case 0 -> new Condition[0];
                case 1 -> new Condition[] {IN_NL};
                case 2 -> new Condition[] {STAFF};
                default -> new Condition[] {IN_NL, STAFF};
            };
            Serve serve = switch (random.nextInt(3)) {
                case 0 -> Serve.ofValue(random.nextBoolean(), randomValue(random, type));
                case 1 -> Serve.ofValue(true, null);
                default -> Serve.ofVariant("one");
            };
            Integer percentage = random.nextInt(3) == 0 ? randomRollout(random) : null;
            Rule rule = rule("r" + i, serve, percentage, conditions);
            rules.add(random.nextInt(6) == 0 ? disabled(rule) : rule);
        }
        return rules;
    }

    private static List<Variant> randomVariants(Random random, FlagType type) {
        return switch (random.nextInt(3)) {
            case 0 -> List.of();
            case 1 -> List.of(variant("one", randomValue(random, type), 100));
            default -> List.of(variant("one", randomValue(random, type), 40),
                    variant("two", randomValue(random, type), 60));
        };
    }
}
