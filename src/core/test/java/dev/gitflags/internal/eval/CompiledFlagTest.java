package dev.gitflags.internal.eval;

import dev.gitflags.Context;
import dev.gitflags.internal.graph.ResolvedFlag;
import dev.gitflags.internal.model.BucketingScheme;
import dev.gitflags.internal.model.FlagType;
import dev.gitflags.internal.model.Operator;
import dev.gitflags.internal.model.Serve;
import org.junit.jupiter.api.Test;

import java.util.EnumSet;
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
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A compiled flag answers every request exactly as the evaluator's walk of the same steps does. */
class CompiledFlagTest {

    /**
     * 3,000 random flags (both bucketing schemes) × 600 requests: the same value, variant, reason, error and
     * metadata. And not vacuously: every reason, an error among them, comes up.
     */
    @Test
    void answersEveryRequestAsTheEvaluatorDoes() {
        Random random = new Random(7);
        List<EvaluationContext> contexts = RandomFlags.contexts();
        Set<Reason> seen = EnumSet.noneOf(Reason.class);
        for (int i = 0; i < 3_000; i++) {
            ResolvedFlag flag = withBucketing(RandomFlags.of(random),
                    random.nextBoolean() ? BucketingScheme.GITFLAGS : BucketingScheme.FLAGD);
            CompiledFlag<EvaluationResult> compiled = CompiledFlag.of(flag, result -> result);
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

    @Test
    void anAnswerIsMadeOnceAndSharedByTheRequestsThatGetIt() {
        ResolvedFlag flag = flag("checkout", FlagType.STRING, "classic")
                .rules(rule("dutch", Serve.ofValue(true, "nl"), condition("country", Operator.EQ, "NL")))
                .resolved();
        CompiledFlag<EvaluationResult> compiled = CompiledFlag.of(flag, result -> result);
        EvaluationResult dutch = compiled.evaluate(new EvaluationContext("a", Map.of("country", "NL")));
        assertEquals("nl", dutch.value());
        assertSame(dutch, compiled.evaluate(new EvaluationContext("b", Map.of("country", "NL"))));
        assertSame(compiled.evaluate(null), compiled.evaluate(EvaluationContext.EMPTY), "null is the empty context");
        assertEquals(Reason.DEFAULT, compiled.evaluate(null).reason());
    }

    @Test
    void aContextThatFailsIsReportedAsTheEvaluatorReportsIt() {
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
        assertEquals(expected, CompiledFlag.of(flag, result -> result).evaluate(failing));
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
