package dev.gitflags.internal.eval;

import dev.gitflags.Context;
import dev.gitflags.internal.graph.ResolvedFlag;
import dev.gitflags.internal.model.BucketingScheme;
import dev.gitflags.internal.model.FlagType;
import dev.gitflags.internal.model.Operator;
import dev.gitflags.internal.model.Serve;
import dev.gitflags.internal.model.Condition;
import dev.gitflags.internal.model.Rule;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.lang.management.ClassLoadingMXBean;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

import static dev.gitflags.internal.eval.ModelFixtures.condition;
import static dev.gitflags.internal.eval.ModelFixtures.flag;
import static dev.gitflags.internal.eval.ModelFixtures.rule;
import static dev.gitflags.internal.eval.ModelFixtures.variant;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A compiled flag answers every request exactly as the evaluator's walk of the same steps does, by its loop while
 * it warms up and by code of its own once it is hot.
 */
class CompiledFlagTest {

    /**
     * 3,000 random flags (both bucketing schemes) × 600 requests: the same value, variant, reason, error and
     * metadata. And not vacuously: every reason, an error among them, comes up, and in the hot form every flag whose
     * rules test attributes has code of its own.
     */
    @ParameterizedTest(name = "hot: {0}")
    @ValueSource(booleans = {false, true})
    void answersEveryRequestAsTheEvaluatorDoes(boolean hot) {
        Random random = new Random(7);
        List<EvaluationContext> contexts = RandomFlags.contexts();
        Set<Reason> seen = EnumSet.noneOf(Reason.class);
        for (int i = 0; i < 3_000; i++) {
            ResolvedFlag flag = withBucketing(RandomFlags.of(random),
                    random.nextBoolean() ? BucketingScheme.GITFLAGS : BucketingScheme.FLAGD);
            CompiledFlag<EvaluationResult> compiled = CompiledFlag.of(flag, result -> result);
            if (hot) {
                compiled.becomeHot();
            }
            assertEquals(hot && compiled.readsAttributes(), compiled.hasOwnCode(), flag::toString);
            Set<String> asked = new HashSet<>();
            for (EvaluationContext context : contexts) {
                EvaluationResult expected = Evaluator.evaluate(flag, context);
                assertEquals(expected, compiled.evaluate(recording(context, asked)), () -> flag + "\n" + context);
                seen.add(expected.reason());
            }
            // some request asks for an attribute exactly when the flag says it reads them
            assertEquals(compiled.readsAttributes(), !asked.isEmpty(), flag::toString);
        }
        assertEquals(EnumSet.allOf(Reason.class), seen);
    }

    /**
     * Past what its code holds (the first {@value CompiledFlag#MAX_CODED_RULES} rules, of at most
     * {@value CompiledFlag#MAX_CODED_CONDITIONS} conditions each) the loop goes on: every rule of a longer flag
     * answers as the evaluator says, the rules after a rule too long for the code included.
     */
    @Test
    void aHotFlagLongerThanItsCodeAnswersEveryRuleAsTheEvaluatorDoes() {
        List<Rule> rules = new ArrayList<>();
        for (int i = 0; i < CompiledFlag.MAX_CODED_RULES + 3; i++) {
            int size = i == 2 ? CompiledFlag.MAX_CODED_CONDITIONS + 1 : 1 + i % 2;
            Condition[] conditions = new Condition[size];
            for (int c = 0; c < size; c++) {
                conditions[c] = condition(c == 0 ? "n" : "other" + c, c == 0 ? Operator.EQ : Operator.NE,
                        c == 0 ? (long) i : "x");
            }
            rules.add(rule("r" + i, Serve.ofValue(true, "rule " + i), i == 4 ? 50 : null, conditions));
        }
        ResolvedFlag flag = flag("long", FlagType.STRING, "none").rules(rules.toArray(Rule[]::new)).resolved();
        CompiledFlag<EvaluationResult> compiled = CompiledFlag.of(flag, result -> result);
        compiled.becomeHot();
        assertTrue(compiled.hasOwnCode());
        Set<Object> answered = new HashSet<>();
        for (long n = -1; n <= rules.size(); n++) {
            for (String key : List.of("", "user-1", "user-2", "user-3")) {
                Map<String, Object> attributes = new HashMap<>(Map.of("n", n));
                for (int c = 1; c <= CompiledFlag.MAX_CODED_CONDITIONS; c++) {
                    attributes.put("other" + c, "y");
                }
                EvaluationContext context = new EvaluationContext(key, attributes);
                EvaluationResult expected = Evaluator.evaluate(flag, context);
                assertEquals(expected, compiled.evaluate(context), context::toString);
                answered.add(expected.value());
            }
        }
        assertEquals(rules.size() + 1, answered.size(), "every rule and the default answered: " + answered);
    }

    @Test
    void aFlagGetsCodeOfItsOwnWhenItIsHotAndNotBefore() {
        CompiledFlag<EvaluationResult> compiled = CompiledFlag.of(dutchCheckout(), result -> result);
        EvaluationContext dutch = new EvaluationContext("a", Map.of("country", "NL"));
        for (int i = 1; i < CompiledFlag.HOT; i++) {
            compiled.evaluate(dutch);
        }
        assertFalse(compiled.hasOwnCode());
        assertEquals("nl", compiled.evaluate(dutch).value());
        assertTrue(compiled.hasOwnCode());
        assertEquals("nl", compiled.evaluate(dutch).value());
        assertEquals("classic", compiled.evaluate(null).value());
    }

    /**
     * A hot flag's code is a class of its own; a follower makes new flags on every commit, so the classes of the
     * flags it drops must go with them (hidden classes that are not strong), or a long-running provider would fill
     * its metaspace. Each is evaluated past the 127 calls after which the JDK gives a handle a form of its own.
     */
    @Test
    void aDroppedFlagsCodeIsUnloadedWithIt() {
        ClassLoadingMXBean classes = ManagementFactory.getClassLoadingMXBean();
        long unloadedBefore = classes.getUnloadedClassCount();
        int made = 500;
        EvaluationContext dutch = new EvaluationContext("a", Map.of("country", "NL"));
        for (int i = 0; i < made; i++) {
            CompiledFlag<EvaluationResult> compiled = CompiledFlag.of(dutchCheckout(), result -> result);
            compiled.becomeHot();
            assertTrue(compiled.hasOwnCode());
            for (int call = 0; call < 200; call++) {
                assertEquals("nl", compiled.evaluate(dutch).value());
            }
        }
        for (int attempt = 0; attempt < 5 && classes.getUnloadedClassCount() - unloadedBefore < made; attempt++) {
            System.gc();
        }
        long unloaded = classes.getUnloadedClassCount() - unloadedBefore;
        assertTrue(unloaded >= made, "classes unloaded after " + made + " flags' code was dropped: " + unloaded);
    }

    @Test
    void aFlagWhoseRulesTestNothingNeverGetsCodeOfItsOwn() {
        CompiledFlag<EvaluationResult> compiled = CompiledFlag.of(flag("banner", FlagType.BOOLEAN, true).resolved(),
                result -> result);
        compiled.becomeHot();
        assertFalse(compiled.hasOwnCode());
        assertEquals(true, compiled.evaluate(null).value());
    }

    @Test
    void anAnswerIsMadeOnceAndSharedByTheRequestsThatGetIt() {
        CompiledFlag<EvaluationResult> compiled = CompiledFlag.of(dutchCheckout(), result -> result);
        EvaluationResult dutch = compiled.evaluate(new EvaluationContext("a", Map.of("country", "NL")));
        assertEquals("nl", dutch.value());
        assertSame(dutch, compiled.evaluate(new EvaluationContext("b", Map.of("country", "NL"))));
        assertSame(compiled.evaluate(null), compiled.evaluate(EvaluationContext.EMPTY), "null is the empty context");
        assertEquals(Reason.DEFAULT, compiled.evaluate(null).reason());
    }

    @ParameterizedTest(name = "hot: {0}")
    @ValueSource(booleans = {false, true})
    void aContextThatFailsIsReportedAsTheEvaluatorReportsIt(boolean hot) {
        ResolvedFlag flag = flag("split", FlagType.STRING, "a")
                .variants(variant("a", "a", 50), variant("b", "b", 50))
                .rules(rule("dutch", Serve.ofValue(true, "nl"), condition("country", Operator.EQ, "NL")))
                .resolved();
        Context failing = new Context() {
            @Override
            public String targetingKey() {
                throw new IllegalStateException("no key today");
            }

            @Override
            public Object attribute(String name) {
                return null;
            }
        };
        EvaluationResult expected = Evaluator.evaluate(flag, failing);
        assertEquals(ErrorCode.GENERAL, expected.errorCode());
        assertTrue(expected.errorMessage().contains("no key today"), expected.errorMessage());
        CompiledFlag<EvaluationResult> compiled = CompiledFlag.of(flag, result -> result);
        if (hot) {
            compiled.becomeHot();
        }
        assertEquals(hot, compiled.hasOwnCode());
        assertEquals(expected, compiled.evaluate(failing));
    }

    /** "classic", but "nl" for a context whose country is NL. */
    private static ResolvedFlag dutchCheckout() {
        return flag("checkout", FlagType.STRING, "classic")
                .rules(rule("dutch", Serve.ofValue(true, "nl"), condition("country", Operator.EQ, "NL")))
                .resolved();
    }

    /** {@code context}, noting each attribute name asked for in {@code asked}. */
    private static Context recording(Context context, Set<String> asked) {
        return new Context() {
            @Override
            public String targetingKey() {
                return context.targetingKey();
            }

            @Override
            public Object attribute(String name) {
                asked.add(name);
                return context.attribute(name);
            }
        };
    }

    private static ResolvedFlag withBucketing(ResolvedFlag flag, BucketingScheme bucketing) {
        return new ResolvedFlag(flag.base(), flag.enabled(), flag.defaultValue(), flag.rolloutPercentage(),
                flag.rules(), flag.variants(), flag.provenance(), bucketing);
    }
}
