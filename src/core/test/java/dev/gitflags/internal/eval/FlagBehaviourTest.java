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

    private static final Condition IN_NL = RandomFlags.IN_NL;
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
        List<EvaluationContext> contexts = RandomFlags.contexts();
        int alike = 0;
        int different = 0;
        for (int i = 0; i < 3_000; i++) {
            ResolvedFlag a = RandomFlags.of(random);
            FlagField field = FlagField.values()[random.nextInt(FlagField.values().length)];
            ResolvedFlag b = a.with(field, RandomFlags.fieldValue(random, field, a.type()));
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
}
