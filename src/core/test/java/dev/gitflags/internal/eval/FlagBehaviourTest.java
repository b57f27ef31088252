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
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;

import static dev.gitflags.internal.eval.ModelFixtures.condition;
import static dev.gitflags.internal.eval.ModelFixtures.disabled;
import static dev.gitflags.internal.eval.ModelFixtures.flag;
import static dev.gitflags.internal.eval.ModelFixtures.rule;
import static dev.gitflags.internal.eval.ModelFixtures.variant;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@link FlagBehaviour} against the evaluator it describes: the cases item 12 of issue 10 names, and a property
 * check that whenever it calls two flags alike, the evaluator gives every sampled request the same answer.
 */
class FlagBehaviourTest {

    private static final Condition IN_NL = condition("country", Operator.EQ, "NL");
    private static final Condition STAFF = condition("email", Operator.ENDS_WITH, "@acme.example");
    private static final List<Rule> RULES = List.of(rule("dutch", Serve.ofValue(true, "nl"), IN_NL));

    private static boolean alike(ResolvedFlag a, ResolvedFlag b) {
        return FlagBehaviour.of(a).sameAs(FlagBehaviour.of(b));
    }

    @Test
    void rulesOfADisabledFlagChangeNothing() {
        ResolvedFlag off = flag("f", FlagType.STRING, "x").enabled(false).resolved();

        assertTrue(alike(off, off.with(FlagField.RULES, RULES)));
        assertFalse(alike(off.with(FlagField.ENABLED, true), off.with(FlagField.ENABLED, true)
                .with(FlagField.RULES, RULES)));
    }

    @Test
    void aPartialRolloutOverAFullSplitChangesNothingForAStringFlag() {
        ResolvedFlag split = flag("colour", FlagType.STRING, "blue")
                .variants(variant("blue", "blue", 50), variant("green", "green", 50)).resolved();

        // keyed requests get the split first; unkeyed ones skip it and get default_value with DEFAULT either way
        for (int percentage : new int[] {0, 1, 50, 99}) {
            assertTrue(alike(split, split.with(FlagField.ROLLOUT_PERCENTAGE, percentage)), "rollout " + percentage);
        }
        // 100 % admits unkeyed requests too: SPLIT instead of DEFAULT
        assertFalse(alike(split, split.with(FlagField.ROLLOUT_PERCENTAGE, 100)));
    }

    @Test
    void aPartialRolloutOverAFullSplitOfABooleanFlagMattersUnlessItsDefaultIsFalse() {
        ResolvedFlag on = flag("b", FlagType.BOOLEAN, true)
                .variants(variant("off", false, 50), variant("on", true, 50)).resolved();
        ResolvedFlag off = flag("b", FlagType.BOOLEAN, false)
                .variants(variant("off", false, 50), variant("on", true, 50)).resolved();

        // an unkeyed request outside a partial rollout gets false, the disabled value, not default_value
        assertFalse(alike(on, on.with(FlagField.ROLLOUT_PERCENTAGE, 30)));
        assertTrue(alike(off, off.with(FlagField.ROLLOUT_PERCENTAGE, 30)));
    }

    @Test
    void aRuleEveryoneMatchesHidesEverythingAfterIt() {
        Rule everyone = rule("everyone", Serve.ofValue(true, "all"));
        ResolvedFlag flag = flag("f", FlagType.STRING, "x").rules(everyone).resolved();

        assertTrue(alike(flag, flag.with(FlagField.DEFAULT_VALUE, "y")));
        assertTrue(alike(flag, flag.with(FlagField.ROLLOUT_PERCENTAGE, 20)));
        assertFalse(alike(flag, flag.with(FlagField.RULES, List.of(disabled(everyone)))));
    }

    @Test
    void theReasonCounts() {
        // same value, but a rule that cannot match still turns STATIC into DEFAULT
        ResolvedFlag plain = flag("f", FlagType.STRING, "x").resolved();
        assertFalse(alike(plain, plain.with(FlagField.RULES, RULES)));
        assertTrue(alike(plain, plain.with(FlagField.RULES, List.of(disabled(RULES.get(0))))));
    }

    @Test
    void equalValuesWrittenElsewhereAreAlike() {
        ResolvedFlag flag = flag("f", FlagType.STRING, "x").rules(rule("a", Serve.ofValue(true, "nl"), IN_NL))
                .variants(variant("v", "v", 100)).resolved();
        List<Rule> copied = List.of(new Rule("renamed", 7, true, List.of(condition("country", Operator.EQ, "NL")),
                Serve.ofValue(true, "nl"), null, new dev.gitflags.internal.model.Origin("environments/dev.yaml", 9, 9)));

        assertTrue(alike(flag, flag.with(FlagField.RULES, copied)));
        assertTrue(alike(flag, flag.with(FlagField.VARIANTS, List.of(variant("v", "v", 100)))));
        assertFalse(alike(flag, flag.with(FlagField.VARIANTS, List.of(variant("w", "v", 100)))));
    }

    @Test
    void onlyAnswerIsTheOneAnswerEveryRequestGets() {
        assertEquals(Optional.of(new FlagBehaviour.Answer("x", null, Reason.STATIC, null)),
                FlagBehaviour.of(flag("f", FlagType.STRING, "x").resolved()).onlyAnswer());
        assertEquals(Optional.of(new FlagBehaviour.Answer(false, null, Reason.DISABLED, null)),
                FlagBehaviour.of(flag("f", FlagType.BOOLEAN, true).rules(RULES.get(0)).status(FlagStatus.ARCHIVED)
                        .resolved()).onlyAnswer());
        assertEquals(Optional.of(new FlagBehaviour.Answer(true, null, Reason.SPLIT, null)),
                FlagBehaviour.of(flag("f", FlagType.BOOLEAN, false).rollout(100).resolved()).onlyAnswer());
        assertEquals(Optional.empty(), FlagBehaviour.of(flag("f", FlagType.BOOLEAN, false).rollout(50).resolved())
                .onlyAnswer());
        assertEquals(Optional.empty(), FlagBehaviour.of(flag("f", FlagType.STRING, "x").rules(RULES.get(0))
                .resolved()).onlyAnswer());
    }

    /**
     * Random flags and one-field changes of them; each pair called alike must evaluate alike for 600 requests
     * (keyed and unkeyed, with and without the attributes the rules test). Also checks the analysis is not
     * vacuous: a good share of the changes are provably unnoticeable and many are not.
     */
    @Test
    void whatItCallsAlikeEvaluatesAlike() {
        Random random = new Random(12);
        List<EvaluationContext> contexts = contexts();
        int alike = 0;
        int different = 0;
        for (int i = 0; i < 3_000; i++) {
            ResolvedFlag a = randomFlag(random);
            FlagField field = FlagField.values()[random.nextInt(FlagField.values().length)];
            ResolvedFlag b = a.with(field, randomFieldValue(random, field, a.type()));
            // the early-stopping comparison with a flag agrees with comparing both behaviours whole
            assertEquals(alike(a, b), FlagBehaviour.of(a).sameAs(b), () -> FlagBehaviour.of(a) + "vs\n"
                    + FlagBehaviour.of(b));
            if (!alike(a, b)) {
                different++;
                continue;
            }
            alike++;
            for (EvaluationContext context : contexts) {
                EvaluationResult left = Evaluator.evaluate(a, context);
                EvaluationResult right = Evaluator.evaluate(b, context);
                assertEquals(left, right, () -> "called alike but " + field + " changes " + context + ":\n"
                        + FlagBehaviour.of(a) + "vs\n" + FlagBehaviour.of(b));
            }
        }
        assertTrue(alike > 500 && different > 500, "alike " + alike + ", different " + different);
    }

    private static List<EvaluationContext> contexts() {
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

    private static ResolvedFlag randomFlag(Random random) {
        FlagType type = random.nextBoolean() ? FlagType.BOOLEAN : FlagType.STRING;
        ModelFixtures.FlagBuilder builder = flag("f-" + random.nextInt(3), type, randomValue(random, type))
                .enabled(random.nextInt(4) > 0)
                .status(random.nextInt(8) == 0 ? FlagStatus.INACTIVE : FlagStatus.ACTIVE)
                .rollout(randomRollout(random));
        randomRules(random, type).forEach(builder::rules);
        randomVariants(random, type).forEach(builder::variants);
        return builder.resolved();
    }

    private static Object randomFieldValue(Random random, FlagField field, FlagType type) {
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
