package dev.gitflags.internal.eval;

import dev.gitflags.Context;
import dev.gitflags.internal.graph.ResolvedFlag;
import dev.gitflags.internal.model.AttributeMatcher;
import dev.gitflags.internal.model.BucketingScheme;
import dev.gitflags.internal.model.Condition;
import dev.gitflags.internal.model.Rule;
import dev.gitflags.internal.model.Variant;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * One resolved flag laid out for evaluating it many times: the branches {@link EvaluationSteps#walk} offers, in its
 * order, with every condition in flat arrays and every answer a branch can give made once. An evaluation only
 * tests the context and returns one of those shared, immutable answers, so it allocates nothing and follows no
 * lists; what it answers is what {@link Evaluator#evaluate(ResolvedFlag, Context)} answers, read from the same
 * steps (CompiledFlagTest holds the two to it). Worth its memory for a flag evaluated over and over (an embedded
 * provider's); the server evaluates the resolved flag.
 *
 * @param <A> the type of the answers ({@link #of}'s {@code answer} makes them from the evaluator's results)
 */
public final class CompiledFlag<A> {

    private static final byte RULE = 0;
    private static final byte SPLIT = 1;
    private static final byte ROLLOUT = 2;
    private static final byte ALWAYS = 3;

    private final String key;
    private final BucketingScheme bucketing;
    /** Per branch: its kind, where its conditions end (rules), its percentage (-1: none) and its answer. */
    private final byte[] kinds;
    private final int[] conditionEnds;
    private final int[] percentages;
    private final Object[] answers;
    /** Every rule's conditions, rule after rule. */
    private final String[] attributes;
    private final AttributeMatcher[] matchers;
    /** The split's variants and each one's answer (empty without a split). */
    private final List<Variant> variants;
    private final Object[] variantAnswers;
    private final Function<EvaluationResult, A> answer;

    /** What a flag that gives everyone one answer (a static or disabled flag, the most common kind) shares. */
    private static final byte[] ONLY_ALWAYS = {ALWAYS};
    private static final int[] ONLY_ZERO = {0};
    private static final int[] ONLY_NONE = {-1};
    private static final String[] NO_ATTRIBUTES = {};
    private static final AttributeMatcher[] NO_MATCHERS = {};
    private static final Object[] NO_ANSWERS = {};

    private CompiledFlag(String key, BucketingScheme bucketing, Steps steps, Function<EvaluationResult, A> answer) {
        this.key = key;
        this.bucketing = bucketing;
        int count = steps.branches.size();
        this.answers = new Object[count];
        for (int i = 0; i < count; i++) {
            EvaluationResult result = steps.branches.get(i).result();
            answers[i] = result == null ? null : answer.apply(result);
        }
        if (count == 1) {
            // the walk ends at its first branch, which every request takes: no arrays of this flag's own
            this.kinds = ONLY_ALWAYS;
            this.conditionEnds = ONLY_ZERO;
            this.percentages = ONLY_NONE;
        } else {
            this.kinds = new byte[count];
            this.conditionEnds = new int[count];
            this.percentages = new int[count];
            for (int i = 0; i < count; i++) {
                Steps.Branch branch = steps.branches.get(i);
                kinds[i] = branch.kind();
                conditionEnds[i] = branch.conditionEnd();
                percentages[i] = branch.percentage();
            }
        }
        this.attributes = steps.attributes.isEmpty() ? NO_ATTRIBUTES : steps.attributes.toArray(String[]::new);
        this.matchers = steps.matchers.isEmpty() ? NO_MATCHERS : steps.matchers.toArray(AttributeMatcher[]::new);
        this.variants = steps.variants;
        this.variantAnswers = steps.variantResults.isEmpty() ? NO_ANSWERS
                : steps.variantResults.stream().map(answer).toArray();
        this.answer = answer;
    }

    /** {@code flag} compiled, its answers made by {@code answer} from the evaluator's results. */
    public static <A> CompiledFlag<A> of(ResolvedFlag flag, Function<EvaluationResult, A> answer) {
        Steps steps = new Steps();
        EvaluationSteps.walk(flag, steps, flag);
        return new CompiledFlag<>(flag.key(), flag.bucketing(), steps, answer);
    }

    /** True when an evaluation may ask the context for attributes: a rule some request reaches has conditions. */
    public boolean readsAttributes() {
        return attributes.length > 0;
    }

    /** What the flag answers {@code context} (null: an empty one). Never throws. */
    @SuppressWarnings("unchecked")
    public A evaluate(Context context) {
        Context subject = context == null ? EvaluationContext.EMPTY : context;
        try {
            return (A) firstTaken(subject);
        } catch (RuntimeException e) {
            return answer.apply(EvaluationResult.failed(key, e));
        }
    }

    /** The answer of the first branch {@code context} takes. */
    private Object firstTaken(Context context) {
        int condition = 0;
        for (int branch = 0; ; branch++) {
            switch (kinds[branch]) {
                case RULE -> {
                    // the conditions' loop is here, not in a method of its own: the JIT inlines one method whole
                    int end = conditionEnds[branch];
                    while (condition < end && matchers[condition].matches(context.attribute(attributes[condition]))) {
                        condition++;
                    }
                    if (condition == end && ruleAdmits(percentages[branch], context)) {
                        return answers[branch];
                    }
                    condition = end;
                }
                case SPLIT -> {
                    int picked = pick(context);
                    if (picked >= 0) {
                        return variantAnswers[picked];
                    }
                }
                case ROLLOUT -> {
                    if (Bucketing.flagAdmits(bucketing, percentages[branch], key, context.targetingKey())) {
                        return answers[branch];
                    }
                }
                default -> {
                    return answers[branch];
                }
            }
        }
    }

    private boolean ruleAdmits(int percentage, Context context) {
        return percentage < 0 || Bucketing.ruleAdmits(bucketing, percentage, key, context.targetingKey());
    }

    /** The index of the variant the split gives the context, or -1. */
    private int pick(Context context) {
        Variant picked = Bucketing.pick(bucketing, variants, key, context.targetingKey());
        for (int i = 0, size = variants.size(); i < size; i++) {
            if (variants.get(i) == picked) {
                return i;
            }
        }
        return -1;
    }

    /**
     * Records the walk's branches with what each serves; it answers null to each branch some request may pass by, so
     * the walk goes on, and ends it at the first branch every request takes.
     */
    private static final class Steps implements EvaluationSteps.Branches<ResolvedFlag, Object> {
        /** One branch: its kind, where its conditions end, its percentage (-1: none), what it serves (null: a split). */
        record Branch(byte kind, int conditionEnd, int percentage, EvaluationResult result) {
        }

        private final List<Branch> branches = new ArrayList<>();
        private final List<String> attributes = new ArrayList<>();
        private final List<AttributeMatcher> matchers = new ArrayList<>();
        private List<Variant> variants = List.of();
        private final List<EvaluationResult> variantResults = new ArrayList<>();

        @Override
        public Object always(ResolvedFlag flag, Object value, Reason reason, ResolvedFlag state) {
            return always(EvaluationSteps.result(flag, value, null, reason));
        }

        /** The last branch: every request that gets this far takes it, so the walk ends here. */
        private Object always(EvaluationResult result) {
            add(ALWAYS, -1, result);
            return Boolean.TRUE;
        }

        @Override
        public Object rule(ResolvedFlag flag, Rule rule, ResolvedFlag state) {
            if (EvaluationSteps.takes(rule, RequestKind.KEYED) == Reach.ALWAYS
                    && EvaluationSteps.takes(rule, RequestKind.UNKEYED) == Reach.ALWAYS) {
                // every request takes it (no conditions, no partial rollout): nothing after it is reached
                return always(EvaluationSteps.serve(flag, rule));
            }
            for (Condition condition : rule.conditions()) {
                attributes.add(condition.attribute());
                matchers.add(condition.matcher());
            }
            Integer percentage = rule.rolloutPercentage();
            add(RULE, percentage == null ? -1 : percentage, EvaluationSteps.serve(flag, rule));
            return null;
        }

        @Override
        public Object split(ResolvedFlag flag, List<Variant> variants, ResolvedFlag state) {
            this.variants = variants;
            for (Variant variant : variants) {
                variantResults.add(EvaluationSteps.result(flag, variant.value(), variant.key(), Reason.SPLIT));
            }
            add(SPLIT, -1, null);
            return null;
        }

        @Override
        public Object rollout(ResolvedFlag flag, int percentage, Object value, Reason reason, ResolvedFlag state) {
            add(ROLLOUT, percentage, EvaluationSteps.result(flag, value, null, reason));
            return null;
        }

        private void add(byte kind, int percentage, EvaluationResult result) {
            branches.add(new Branch(kind, matchers.size(), percentage, result));
        }
    }
}
