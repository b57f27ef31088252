package dev.gitflags.bench;

import dev.gitflags.internal.Snapshot;
import dev.gitflags.internal.eval.Bucketing;
import dev.gitflags.internal.eval.CompiledFlag;
import dev.gitflags.internal.eval.EvaluationContext;
import dev.gitflags.internal.eval.EvaluationResult;
import dev.gitflags.internal.eval.Evaluator;
import dev.gitflags.internal.eval.Reason;
import dev.gitflags.internal.graph.ResolvedFlag;
import dev.gitflags.internal.graph.Resolver;
import dev.gitflags.internal.model.Flag;
import dev.gitflags.internal.model.FlagType;
import dev.gitflags.internal.model.Operator;
import dev.gitflags.internal.model.Serve;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static dev.gitflags.internal.eval.ModelFixtures.condition;
import static dev.gitflags.internal.eval.ModelFixtures.environment;
import static dev.gitflags.internal.eval.ModelFixtures.flag;
import static dev.gitflags.internal.eval.ModelFixtures.rule;
import static dev.gitflags.internal.eval.ModelFixtures.snapshot;
import static dev.gitflags.internal.eval.ModelFixtures.variant;

/**
 * Evaluation of one flag for one context. The headline case, {@link #threeRulesMatchOnThird}: three rules of two
 * conditions each, the first two miss (one on its second condition, one on its first), the third matches and its
 * 50 % rollout admits the targeting key, so the hash runs too. Target: ≤ 280 ns/op and no garbage beyond the
 * result; read {@code gc.alloc.rate.norm} from {@code -prof gc}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class EvaluateBenchmark {

    private ResolvedFlag targeted;
    private CompiledFlag<EvaluationResult> compiled;
    private ResolvedFlag split;
    private ResolvedFlag plain;
    private Snapshot snapshot;
    private EvaluationContext context;

    @Setup
    public void setUp() {
        Flag checkout = flag("new-checkout", FlagType.STRING, "classic")
                .variants(variant("classic", "classic", 50), variant("express", "express", 50))
                .rules(rule("enterprise-us", Serve.ofVariant("express"),
                                condition("country", Operator.EQ, "US"),
                                condition("plan", Operator.IN, List.of("enterprise", "business"))),
                        rule("staff", Serve.ofValue(true, "staff-preview"),
                                condition("email", Operator.ENDS_WITH, "@corp.example"),
                                condition("groups", Operator.CONTAINS, "staff")),
                        rule("beta-eu", Serve.ofVariant("express"), 50,
                                condition("region", Operator.STARTS_WITH, "eu-"),
                                condition("age", Operator.GTE, 18)))
                .build();
        Map<String, Object> attributes = new HashMap<>();
        attributes.put("country", "US");
        attributes.put("plan", "free");
        attributes.put("email", "ann@example.com");
        attributes.put("groups", List.of("beta", "early-access"));
        attributes.put("region", "eu-west-1");
        attributes.put("age", 34L);
        context = new EvaluationContext(admittedKey(checkout.key()), attributes);
        targeted = Resolver.ofBase(checkout);
        compiled = CompiledFlag.of(targeted, result -> result);
        split = flag("theme", FlagType.STRING, "light")
                .variants(variant("dark", "dark", 50), variant("light", "light", 30), variant("system", "system", 20))
                .resolved();
        plain = flag("banner", FlagType.BOOLEAN, true).resolved();
        snapshot = snapshot(List.of(), List.of(checkout), List.of(
                environment("production", null, true, Map.of()),
                environment("staging", "production", true, Map.of()),
                environment("dev", "staging", true, Map.of())));
        check(Evaluator.evaluate(targeted, context), Reason.TARGETING_MATCH, "express");
        check(compiled.evaluate(context), Reason.TARGETING_MATCH, "express");
        check(Evaluator.evaluate(snapshot, "dev", "new-checkout", context), Reason.TARGETING_MATCH, "express");
        check(Evaluator.evaluate(split, context), Reason.SPLIT, null);
        check(Evaluator.evaluate(plain, context), Reason.STATIC, null);
    }

    @Benchmark
    public EvaluationResult threeRulesMatchOnThird() {
        return Evaluator.evaluate(targeted, context);
    }

    /** The same flag compiled, as a bound flag evaluates it (an embedded provider's flags). */
    @Benchmark
    public EvaluationResult threeRulesCompiled() {
        return compiled.evaluate(context);
    }

    /** The same, looked up by environment and key in a snapshot first (what the server does). */
    @Benchmark
    public EvaluationResult threeRulesThroughSnapshot() {
        return Evaluator.evaluate(snapshot, "dev", "new-checkout", context);
    }

    @Benchmark
    public EvaluationResult variantSplit() {
        return Evaluator.evaluate(split, context);
    }

    @Benchmark
    public EvaluationResult staticFlag() {
        return Evaluator.evaluate(plain, context);
    }

    /** A targeting key inside the third rule's 50 % rollout, so that the benchmark measures a full match. */
    private static String admittedKey(String flagKey) {
        for (int i = 0; ; i++) {
            String key = "user-" + i;
            if (Bucketing.admits(50, flagKey, key)) {
                return key;
            }
        }
    }

    private static void check(EvaluationResult result, Reason reason, String variant) {
        if (result.reason() != reason || (variant != null && !variant.equals(result.variant()))) {
            throw new IllegalStateException("benchmark set-up does not measure what it says: " + result);
        }
    }
}
