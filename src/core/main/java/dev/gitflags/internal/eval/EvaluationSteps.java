package dev.gitflags.internal.eval;

import dev.gitflags.Context;
import dev.gitflags.internal.graph.ResolvedFlag;
import dev.gitflags.internal.model.BucketingScheme;
import dev.gitflags.internal.model.Condition;
import dev.gitflags.internal.model.FlagStatus;
import dev.gitflags.internal.model.Rule;
import dev.gitflags.internal.model.Variant;

import java.util.List;

/**
 * The evaluator's order of steps, written once (what each step does is in {@link Evaluator}'s Javadoc).
 * {@link #walk} offers a flag's branches — each a test of the request and what it serves when the test passes —
 * to a {@link Branches} visitor in the order the evaluator tries them, and ends at the first one the visitor
 * takes. {@link Evaluator} takes the first branch one context passes; {@link FlagBehaviour} records every branch
 * some request can reach, to tell whether two flags answer every request alike. Each test's check of one
 * request sits beside its {@link Reach} for a {@link RequestKind}, so both read the same definition.
 */
final class EvaluationSteps {

    private EvaluationSteps() {
    }

    /**
     * What the steps offer a visitor; a non-null answer ends the walk with it.
     *
     * @param <S> the visitor's state, passed through (the context being evaluated, or a record of branches)
     * @param <R> the walk's result
     */
    interface Branches<S, R> {

        /** A branch every request that gets this far takes; must not answer null. */
        R always(ResolvedFlag flag, Object value, Reason reason, S state);

        /** An enabled rule: taken by a request that passes {@link #takes(Rule, String, BucketingScheme, Context)}. */
        R rule(ResolvedFlag flag, Rule rule, S state);

        /** The variant split: taken when {@link Bucketing#pick} gives the request a variant. */
        R split(ResolvedFlag flag, List<Variant> variants, S state);

        /** The flag's partial or full rollout: taken when {@link Bucketing#admits} admits the request. */
        R rollout(ResolvedFlag flag, int percentage, Object value, Reason reason, S state);
    }

    /** Offers {@code flag}'s branches to {@code branches} in evaluation order, first taken wins. */
    static <S, R> R walk(ResolvedFlag flag, Branches<S, R> branches, S state) {
        if (flag.status() != FlagStatus.ACTIVE || !flag.enabled()) {
            return branches.always(flag, disabledValue(flag), Reason.DISABLED, state);
        }
        boolean hasEnabledRule = false;
        List<Rule> rules = flag.rules();
        for (int i = 0, size = rules.size(); i < size; i++) {
            Rule rule = rules.get(i);
            if (rule.enabled()) {
                hasEnabledRule = true;
                R taken = branches.rule(flag, rule, state);
                if (taken != null) {
                    return taken;
                }
            }
        }
        List<Variant> variants = flag.variants();
        if (!variants.isEmpty()) {
            R taken = branches.split(flag, variants, state);
            if (taken != null) {
                return taken;
            }
        }
        Integer percentage = flag.rolloutPercentage();
        if (percentage != null) {
            R taken = branches.rollout(flag, percentage, enabledValue(flag), Reason.SPLIT, state);
            return taken != null ? taken : branches.always(flag, disabledValue(flag), Reason.DEFAULT, state);
        }
        boolean targeted = hasEnabledRule || !variants.isEmpty();
        return branches.always(flag, flag.defaultValue(), targeted ? Reason.DEFAULT : Reason.STATIC, state);
    }

    /** True when {@code context} passes the rule: every condition matches and its rollout (if any) admits the key. */
    static boolean takes(Rule rule, String flagKey, BucketingScheme bucketing, Context context) {
        List<Condition> conditions = rule.conditions();
        for (int i = 0, size = conditions.size(); i < size; i++) {
            Condition condition = conditions.get(i);
            if (!condition.matcher().matches(context.attribute(condition.attribute()))) {
                return false;
            }
        }
        Integer percentage = rule.rolloutPercentage();
        return percentage == null || Bucketing.ruleAdmits(bucketing, percentage, flagKey, context.targetingKey());
    }

    /** Which requests of a kind pass the rule: any condition may fail, no condition never does; then its rollout. */
    static Reach takes(Rule rule, RequestKind kind) {
        Reach conditions = rule.conditions().isEmpty() ? Reach.ALWAYS : Reach.SOMETIMES;
        Integer percentage = rule.rolloutPercentage();
        return percentage == null ? conditions : conditions.and(Bucketing.admits(percentage, kind));
    }

    /** What a taken rule serves ({@link Evaluator#served}): its variant, its value, or the enabled or disabled value. */
    static EvaluationResult serve(ResolvedFlag flag, Rule rule) {
        Served served = Evaluator.served(flag.type(), rule.serve());
        if (served.kind() != Served.Kind.VARIANT) {
            return result(flag, served.valueIn(flag), null, Reason.TARGETING_MATCH);
        }
        List<Variant> variants = flag.variants();
        for (int i = 0, size = variants.size(); i < size; i++) {
            Variant variant = variants.get(i);
            if (variant.key().equals(served.variant())) {
                return result(flag, variant.value(), variant.key(), Reason.TARGETING_MATCH);
            }
        }
        // the loader rejects this (E_UNKNOWN_VARIANT); an override may still have replaced the variants
        return EvaluationResult.error(flag.key(), ErrorCode.GENERAL, "rule '" + rule.name() + "' of flag '"
                + flag.key() + "' serves variant '" + served.variant() + "', which the flag does not define");
    }

    /** What a disabled flag evaluates to ({@link Evaluator#whenDisabled}). */
    static Object disabledValue(ResolvedFlag flag) {
        return Evaluator.whenDisabled(flag.type()).valueIn(flag);
    }

    /** What an enabled flag serves without a value of its own ({@link Evaluator#whenEnabled}). */
    static Object enabledValue(ResolvedFlag flag) {
        return Evaluator.whenEnabled(flag.type()).valueIn(flag);
    }

    static EvaluationResult result(ResolvedFlag flag, Object value, String variant, Reason reason) {
        return new EvaluationResult(flag.key(), value, variant, reason, null, null, flag.base().metadata());
    }
}
