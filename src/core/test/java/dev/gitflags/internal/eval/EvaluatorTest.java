package dev.gitflags.internal.eval;

import dev.gitflags.internal.Snapshot;
import dev.gitflags.internal.graph.ResolvedFlag;
import dev.gitflags.internal.model.Condition;
import dev.gitflags.internal.model.Flag;
import dev.gitflags.internal.model.FlagField;
import dev.gitflags.internal.model.FlagStatus;
import dev.gitflags.internal.model.FlagType;
import dev.gitflags.internal.model.Operator;
import dev.gitflags.internal.model.Origin;
import dev.gitflags.internal.model.Rule;
import dev.gitflags.internal.model.Serve;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static dev.gitflags.internal.eval.ModelFixtures.condition;
import static dev.gitflags.internal.eval.ModelFixtures.disabled;
import static dev.gitflags.internal.eval.ModelFixtures.environment;
import static dev.gitflags.internal.eval.ModelFixtures.flag;
import static dev.gitflags.internal.eval.ModelFixtures.rule;
import static dev.gitflags.internal.eval.ModelFixtures.snapshot;
import static dev.gitflags.internal.eval.ModelFixtures.variant;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

class EvaluatorTest {

    private static final Condition IN_US = condition("country", Operator.EQ, "US");
    private static final Condition BETA = condition("groups", Operator.CONTAINS, "beta");

    private static EvaluationContext context(String targetingKey, Object... attributes) {
        Map<String, Object> map = new HashMap<>();
        for (int i = 0; i < attributes.length; i += 2) {
            map.put((String) attributes[i], attributes[i + 1]);
        }
        return new EvaluationContext(targetingKey, map);
    }

    private static void assertResult(EvaluationResult result, Object value, String variant, Reason reason) {
        assertEquals(value, result.value(), "value of " + result);
        assertEquals(variant, result.variant(), "variant of " + result);
        assertEquals(reason, result.reason(), "reason of " + result);
        assertNull(result.errorCode(), "error of " + result);
    }

    /** A key whose rollout bucket is {@code bucket} for {@code flagKey}, found by search (buckets are uniform). */
    private static String keyInRolloutBucket(String flagKey, int bucket) {
        for (int i = 0; ; i++) {
            if (Bucketing.rolloutBucket(flagKey, "user-" + i) == bucket) {
                return "user-" + i;
            }
        }
    }

    @Test
    void aFlagWithoutTargetingServesItsDefaultStatically() {
        EvaluationResult result = Evaluator.evaluate(flag("banner", FlagType.STRING, "hello")
                .metadata(Map.of("owner", "web")).resolved(), context("user-1"));
        assertResult(result, "hello", null, Reason.STATIC);
        assertEquals("banner", result.flagKey());
        assertEquals(Map.of("owner", "web"), result.metadata());
    }

    @ParameterizedTest
    @EnumSource(value = FlagStatus.class, names = {"INACTIVE", "ARCHIVED"})
    void inactiveOrArchivedFlagsAreDisabledWhateverTheirRules(FlagStatus status) {
        Rule everyone = rule("everyone", Serve.ofValue(true, null));
        assertResult(Evaluator.evaluate(flag("f", FlagType.BOOLEAN, true).status(status).rules(everyone).resolved(),
                context("user-1")), false, null, Reason.DISABLED);
        assertResult(Evaluator.evaluate(flag("f", FlagType.STRING, "off").status(status).rules(everyone).resolved(),
                context("user-1")), "off", null, Reason.DISABLED);
    }

    @Test
    void enabledFalseIsDisabledWithFalseForBooleansAndTheDefaultOtherwise() {
        assertResult(Evaluator.evaluate(flag("f", FlagType.BOOLEAN, true).enabled(false).rollout(100).resolved(),
                context("user-1")), false, null, Reason.DISABLED);
        assertResult(Evaluator.evaluate(flag("f", FlagType.NUMBER, 3L).enabled(false).resolved(), context("user-1")),
                3L, null, Reason.DISABLED);
    }

    @Test
    void theFirstMatchingRuleServesAndLaterRulesAreNotConsulted() {
        ResolvedFlag flag = flag("checkout", FlagType.STRING, "old")
                .variants(variant("a", "A", 50), variant("b", "B", 50))
                .rules(rule("us-beta", Serve.ofVariant("b"), IN_US, BETA),
                        rule("us", Serve.ofValue(true, "us-value"), IN_US),
                        rule("everyone", Serve.ofValue(true, "everyone-value")))
                .resolved();
        assertResult(Evaluator.evaluate(flag, context("u", "country", "US", "groups", List.of("beta"))),
                "B", "b", Reason.TARGETING_MATCH);
        assertResult(Evaluator.evaluate(flag, context("u", "country", "US", "groups", List.of("staff"))),
                "us-value", null, Reason.TARGETING_MATCH);
        assertResult(Evaluator.evaluate(flag, context("u", "country", "DE")),
                "everyone-value", null, Reason.TARGETING_MATCH);
    }

    @Test
    void disabledRulesAreSkipped() {
        ResolvedFlag flag = flag("f", FlagType.STRING, "default")
                .rules(disabled(rule("us", Serve.ofValue(true, "us"), IN_US))).resolved();
        assertResult(Evaluator.evaluate(flag, context("u", "country", "US")), "default", null, Reason.STATIC);
    }

    @Test
    void eachKindOfServe() {
        Rule serveOff = rule("off", Serve.ofValue(false, null), IN_US);
        Rule serveOn = rule("on", Serve.ofValue(true, null), IN_US);
        EvaluationContext us = context("u", "country", "US");
        assertResult(Evaluator.evaluate(flag("b", FlagType.BOOLEAN, true).rules(serveOff).resolved(), us),
                false, null, Reason.TARGETING_MATCH);
        assertResult(Evaluator.evaluate(flag("s", FlagType.STRING, "dflt").rules(serveOff).resolved(), us),
                "dflt", null, Reason.TARGETING_MATCH);
        assertResult(Evaluator.evaluate(flag("b", FlagType.BOOLEAN, false).rules(serveOn).resolved(), us),
                true, null, Reason.TARGETING_MATCH);
        assertResult(Evaluator.evaluate(flag("s", FlagType.STRING, "dflt").rules(serveOn).resolved(), us),
                "dflt", null, Reason.TARGETING_MATCH);
        assertResult(Evaluator.evaluate(flag("j", FlagType.JSON, Map.of()).rules(
                rule("v", Serve.ofValue(true, Map.of("limit", 5L)), IN_US)).resolved(), us),
                Map.of("limit", 5L), null, Reason.TARGETING_MATCH);
    }

    @Test
    void aRuleServingAnUndefinedVariantIsAnErrorResultNotAnException() {
        ResolvedFlag flag = flag("f", FlagType.STRING, "x").rules(rule("r", Serve.ofVariant("ghost"))).resolved();
        EvaluationResult result = Evaluator.evaluate(flag, context("u"));
        assertEquals(Reason.ERROR, result.reason());
        assertEquals(ErrorCode.GENERAL, result.errorCode());
        assertEquals("rule 'r' of flag 'f' serves variant 'ghost', which the flag does not define",
                result.errorMessage());
    }

    @Test
    void aRuleRolloutAdmitsByBucketAndOtherwiseFallsThroughToTheNextRule() {
        String flagKey = "rule-rollout";
        ResolvedFlag flag = flag(flagKey, FlagType.STRING, "default")
                .rules(rule("half", Serve.ofValue(true, "half"), 50, IN_US),
                        rule("rest", Serve.ofValue(true, "rest"), IN_US))
                .resolved();
        assertResult(Evaluator.evaluate(flag, context(keyInRolloutBucket(flagKey, 50), "country", "US")),
                "half", null, Reason.TARGETING_MATCH);
        assertResult(Evaluator.evaluate(flag, context(keyInRolloutBucket(flagKey, 51), "country", "US")),
                "rest", null, Reason.TARGETING_MATCH);
        assertResult(Evaluator.evaluate(flag, context(null, "country", "US")), "rest", null, Reason.TARGETING_MATCH);
        assertResult(Evaluator.evaluate(flag, context("", "country", "US")), "rest", null, Reason.TARGETING_MATCH);
    }

    @Test
    void unmatchedTargetingFallsToVariantsThenRolloutThenDefault() {
        Rule us = rule("us", Serve.ofValue(true, "us"), IN_US);
        ResolvedFlag withVariants = flag("v", FlagType.STRING, "default").rules(us)
                .variants(variant("only", "ONLY", 100)).rollout(100).resolved();
        assertResult(Evaluator.evaluate(withVariants, context("u", "country", "DE")), "ONLY", "only", Reason.SPLIT);

        ResolvedFlag withRollout = flag("r", FlagType.BOOLEAN, false).rules(us).rollout(100).resolved();
        assertResult(Evaluator.evaluate(withRollout, context("u", "country", "DE")), true, null, Reason.SPLIT);

        ResolvedFlag withRulesOnly = flag("d", FlagType.STRING, "default").rules(us).resolved();
        assertResult(Evaluator.evaluate(withRulesOnly, context("u", "country", "DE")), "default", null,
                Reason.DEFAULT);
    }

    @Test
    void flagRolloutIsSplitWhenAdmittedAndDefaultWithTheDisabledValueWhenNot() {
        ResolvedFlag bool = flag("test-flag", FlagType.BOOLEAN, true).rollout(44).resolved();
        assertResult(Evaluator.evaluate(bool, context("user-1")), true, null, Reason.SPLIT);
        ResolvedFlag tighter = flag("test-flag", FlagType.BOOLEAN, true).rollout(43).resolved();
        assertResult(Evaluator.evaluate(tighter, context("user-1")), false, null, Reason.DEFAULT);
        ResolvedFlag string = flag("test-flag", FlagType.STRING, "on").rollout(43).resolved();
        assertResult(Evaluator.evaluate(string, context("user-1")), "on", null, Reason.DEFAULT);
        assertResult(Evaluator.evaluate(flag("test-flag", FlagType.STRING, "on").rollout(44).resolved(),
                context("user-1")), "on", null, Reason.SPLIT);
    }

    @Test
    void withoutATargetingKeyEveryPartialRolloutAndSplitIsMissedWithoutError() {
        ResolvedFlag split = flag("s", FlagType.STRING, "default").variants(variant("a", "A", 100)).resolved();
        assertResult(Evaluator.evaluate(split, EvaluationContext.EMPTY), "default", null, Reason.DEFAULT);
        assertResult(Evaluator.evaluate(split, null), "default", null, Reason.DEFAULT);
        ResolvedFlag partial = flag("p", FlagType.BOOLEAN, true).rollout(99).resolved();
        assertResult(Evaluator.evaluate(partial, EvaluationContext.EMPTY), false, null, Reason.DEFAULT);
        ResolvedFlag full = flag("p", FlagType.BOOLEAN, true).rollout(100).resolved();
        assertResult(Evaluator.evaluate(full, EvaluationContext.EMPTY), true, null, Reason.SPLIT);
    }

    @Test
    void variantsAreChosenByTheVariantBucketInKeyOrder() {
        ResolvedFlag flag = flag("test-flag", FlagType.STRING, "none")
                .variants(variant("c", "C", 20), variant("a", "A", 50), variant("b", "B", 30)).resolved();
        for (int i = 0; i < 200; i++) {
            String key = "user-" + i;
            int bucket = Bucketing.variantBucket("test-flag", key);
            String expected = bucket < 50 ? "a" : bucket < 80 ? "b" : "c";
            assertEquals(expected, Evaluator.evaluate(flag, context(key)).variant(), key + " in bucket " + bucket);
        }
    }

    @Test
    void aFiftyThirtyTwentySplitOfTenThousandKeysKeepsItsProportions() {
        ResolvedFlag flag = flag("theme", FlagType.STRING, "none")
                .variants(variant("blue", "b", 50), variant("green", "g", 30), variant("red", "r", 20)).resolved();
        Map<String, Integer> counts = new HashMap<>();
        for (int i = 0; i < 10_000; i++) {
            EvaluationResult result = Evaluator.evaluate(flag, context("user-" + i));
            assertEquals(Reason.SPLIT, result.reason());
            counts.merge(result.variant(), 1, Integer::sum);
        }
        assertWithin(counts.get("blue"), 5_000, 200);
        assertWithin(counts.get("green"), 3_000, 200);
        assertWithin(counts.get("red"), 2_000, 200);
    }

    @Test
    void aThirtyPercentRolloutAdmitsAboutThreeThousandOfTenThousandKeys() {
        ResolvedFlag flag = flag("new-checkout", FlagType.BOOLEAN, false).rollout(30).resolved();
        int admitted = 0;
        for (int i = 0; i < 10_000; i++) {
            if (Boolean.TRUE.equals(Evaluator.evaluate(flag, context("user-" + i)).value())) {
                admitted++;
            }
        }
        assertWithin(admitted, 3_000, 150);
    }

    @Test
    void aMatcherThatThrowsBecomesAGeneralErrorResult() {
        Condition broken = new Condition("x", Operator.EQ, "x", value -> {
            throw new IllegalStateException("boom");
        }, Origin.ofFile("flags/f.yaml"));
        EvaluationResult result = Evaluator.evaluate(flag("f", FlagType.STRING, "d")
                .rules(rule("r", Serve.ofValue(true, "v"), broken)).resolved(), context("u"));
        assertEquals(ErrorCode.GENERAL, result.errorCode());
        assertTrue(result.errorMessage().contains("boom"), result.errorMessage());
    }

    @Test
    void targetingKeyIsAnAttributeForConditions() {
        ResolvedFlag flag = flag("f", FlagType.STRING, "d")
                .rules(rule("staff", Serve.ofValue(true, "staff"), condition("targetingKey", Operator.ENDS_WITH,
                        "@corp.example"))).resolved();
        assertResult(Evaluator.evaluate(flag, context("ann@corp.example")), "staff", null, Reason.TARGETING_MATCH);
        assertResult(Evaluator.evaluate(flag, context("bob@else.example")), "d", null, Reason.DEFAULT);
    }

    @Test
    void evaluatesThroughTheSnapshotWithTheEnvironmentsOverrides() {
        Flag banner = flag("banner", FlagType.STRING, "base").metadata(Map.of("team", "web")).build();
        Snapshot snapshot = snapshot(List.of(), List.of(banner), List.of(
                environment("production", null, true, Map.of("banner", Map.of(FlagField.DEFAULT_VALUE, "prod"))),
                environment("staging", "production", true, Map.of())));
        EvaluationResult result = Evaluator.evaluate(snapshot, "staging", "banner", context("u"));
        assertResult(result, "prod", null, Reason.STATIC);
        assertSame(banner.metadata(), result.metadata());
    }

    @Test
    void snapshotErrorsNameWhatIsMissing() {
        Flag banner = flag("banner", FlagType.STRING, "base").build();
        Snapshot snapshot = snapshot(List.of("production", "staging"), List.of(banner), List.of(
                environment("production", null, true, Map.of()),
                environment("staging", "production", false, Map.of()),
                environment("sandbox", null, true, Map.of())));

        EvaluationResult notFound = Evaluator.evaluate(snapshot, "production", "baner", context("u"));
        assertEquals(ErrorCode.FLAG_NOT_FOUND, notFound.errorCode());
        assertEquals(Reason.ERROR, notFound.reason());
        assertNull(notFound.value());
        assertEquals("flag 'baner' does not exist in environment 'production'", notFound.errorMessage());

        assertError(Evaluator.evaluate(snapshot, "prodution", "banner", context("u")), ErrorCode.GENERAL,
                "unknown environment 'prodution' (did you mean 'production'?)");
        String huge = "p".repeat(10_000);
        assertError(Evaluator.evaluate(snapshot, huge, "banner", context("u")), ErrorCode.GENERAL,
                "unknown environment '" + huge + "' (not a valid environment slug)");
        assertError(Evaluator.evaluate(snapshot, "staging", "banner", context("u")), ErrorCode.GENERAL,
                "environment 'staging' is inactive (active: false) and is not served");
        assertError(Evaluator.evaluate(snapshot, "sandbox", "banner", context("u")), ErrorCode.GENERAL,
                "environment 'sandbox' is not in allowed_environments of gitflags.yaml");
        assertError(Evaluator.evaluate(snapshot, null, "banner", context("u")), ErrorCode.GENERAL,
                "no environment given");
        assertError(Evaluator.evaluate(snapshot, "production", null, context("u")), ErrorCode.FLAG_NOT_FOUND,
                "flag 'null' does not exist in environment 'production'");
        assertError(Evaluator.evaluate(null, "production", "banner", context("u")), ErrorCode.GENERAL,
                "no configuration is loaded");
        assertFalse(Evaluator.evaluate(snapshot, "production", "banner", null).isError());
    }

    private static void assertError(EvaluationResult result, ErrorCode code, String message) {
        assertEquals(code, result.errorCode());
        assertEquals(Reason.ERROR, result.reason());
        assertEquals(message, result.errorMessage());
    }

    private static void assertWithin(int actual, int expected, int tolerance) {
        assertTrue(Math.abs(actual - expected) <= tolerance,
                actual + " is not within " + tolerance + " of " + expected);
    }
}
