package dev.gitflags.internal.eval;

import dev.gitflags.Context;
import dev.gitflags.internal.graph.ResolvedFlag;
import dev.gitflags.internal.model.AttributeMatcher;
import dev.gitflags.internal.model.BucketingScheme;
import dev.gitflags.internal.model.Condition;
import dev.gitflags.internal.model.Rule;
import dev.gitflags.internal.model.Variant;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * One resolved flag laid out for evaluating it many times: the branches {@link EvaluationSteps#walk} offers, in its
 * order, with every condition in flat arrays and every answer a branch can give made once. An evaluation only
 * tests the context and returns one of those shared, immutable answers, so it allocates nothing and follows no
 * lists; what it answers is what {@link Evaluator#evaluate(ResolvedFlag, Context)} answers, read from the same
 * steps (CompiledFlagTest holds the two to it). A loop over those arrays evaluates it while it warms up; once
 * evaluated {@link #HOT} times, a flag whose rules test attributes is evaluated by code of its own
 * ({@link HotFlagCode}), which answers the same. Worth its memory for a flag evaluated over and over (an embedded
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
    /**
     * How the flag is evaluated, a {@link HotFlagCode#CODE_TYPE} handle: {@link #WARMING_UP} (the loop, counted),
     * then code of its own once it is hot ({@link HotFlagCode}), or the loop for good ({@link #LOOP}: its rules test
     * nothing, or this JVM cannot define the code). A field, never a constant to the JIT, so that it never inlines a
     * flag's evaluation into its caller: the JDK gives a handle called often a form of its own, which the JIT
     * compiles with the flag's tree and the whole inlining budget, and a caller as large as the OpenFeature SDK's
     * {@code evaluateFlag} keeps its budget for its own calls (with the tree inlined into it, the SDK's calls after
     * the provider were not: OpenFeatureBenchmark's targeted flag through the client took 154 ns, now 136).
     */
    private volatile MethodHandle code;
    /** Evaluations while it warms up; racy (a lost count only delays the code). */
    private int evaluations;

    /** Evaluations after which a flag whose rules test attributes gets code of its own (public for benchmarks). */
    public static final int HOT = 10_000;
    /**
     * How much of a flag its code holds: its first rules up to these bounds, the loop doing the rest. A rule nests
     * in the one before it, and a condition in the one before it, so a deeper tree would pass the JIT's inlining
     * depth ({@code MaxInlineLevel}, 15) and run slower than the loop.
     */
    static final int MAX_CODED_RULES = 6;
    static final int MAX_CODED_CONDITIONS = 4;
    private static final MethodHandle WARMING_UP;
    private static final MethodHandle LOOP;
    private static final MethodHandle RESUME;
    private static final MethodHandle ADMITS;

    static {
        try {
            MethodHandles.Lookup lookup = MethodHandles.lookup();
            WARMING_UP = lookup.findStatic(CompiledFlag.class, "warmingUp", HotFlagCode.CODE_TYPE);
            LOOP = lookup.findStatic(CompiledFlag.class, "loop", HotFlagCode.CODE_TYPE);
            RESUME = lookup.findVirtual(CompiledFlag.class, "firstTaken",
                    MethodType.methodType(Object.class, Context.class, int.class));
            ADMITS = lookup.findVirtual(CompiledFlag.class, "ruleAdmits",
                    MethodType.methodType(boolean.class, int.class, Context.class));
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

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
        this.code = attributes.length == 0 ? LOOP : WARMING_UP;
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
        if (kinds == ONLY_ALWAYS) {
            return (A) answers[0]; // a static or disabled flag: no call
        }
        Context subject = context == null ? EvaluationContext.EMPTY : context;
        try {
            return (A) (Object) code.invokeExact(this, subject);
        } catch (RuntimeException e) {
            return answer.apply(EvaluationResult.failed(key, e));
        } catch (Error e) {
            throw e;
        } catch (Throwable e) {
            // no branch throws a checked exception; the code's signature says it may
            return answer.apply(EvaluationResult.failed(key, new IllegalStateException(e)));
        }
    }

    /** True once the flag is evaluated by code of its own (tests: the two forms must answer alike). */
    boolean hasOwnCode() {
        MethodHandle own = code;
        return own != WARMING_UP && own != LOOP;
    }

    /** Evaluates {@code flag} with the loop, counting, and gives it code of its own once it is hot. */
    private static Object warmingUp(CompiledFlag<?> flag, Context context) {
        if (++flag.evaluations >= HOT) {
            flag.becomeHot();
        }
        return flag.firstTaken(context, 0);
    }

    private static Object loop(CompiledFlag<?> flag, Context context) {
        return flag.firstTaken(context, 0);
    }

    /** Gives the flag code of its own now, whatever its count (tests); the loop for good when it cannot. */
    synchronized void becomeHot() {
        if (code == WARMING_UP) {
            MethodHandle tree = tree();
            MethodHandle own = tree == null ? null : HotFlagCode.of(tree);
            code = own != null ? own : LOOP;
        }
    }

    /**
     * The flag's first rules ({@link #MAX_CODED_RULES}, each of at most {@link #MAX_CODED_CONDITIONS} conditions,
     * up to its first other branch) as one {@code (Context)Object} handle: a rule's conditions and rollout tested
     * one after the other, its answer when all pass, else the next rule's; after them the loop goes on from the
     * next branch, or the always-taken branch gives its answer, as the loop would. Null when no rule fits.
     */
    private MethodHandle tree() {
        int rules = 0;
        while (rules < kinds.length && rules < MAX_CODED_RULES && kinds[rules] == RULE
                && conditionEnds[rules] - conditionStart(rules) <= MAX_CODED_CONDITIONS) {
            rules++;
        }
        if (rules == 0) {
            return null;
        }
        MethodHandle next = rules < kinds.length && kinds[rules] == ALWAYS ? HotFlagCode.always(answers[rules])
                : MethodHandles.insertArguments(RESUME.bindTo(this), 1, rules);
        for (int branch = rules - 1; branch >= 0; branch--) {
            MethodHandle test = percentages[branch] < 0 ? null
                    : MethodHandles.insertArguments(ADMITS.bindTo(this), 0, percentages[branch]);
            for (int condition = conditionEnds[branch] - 1; condition >= conditionStart(branch); condition--) {
                MethodHandle tested = HotFlagCode.condition(attributes[condition], matchers[condition]);
                test = test == null ? tested : HotFlagCode.and(tested, test);
            }
            next = test == null ? HotFlagCode.always(answers[branch])
                    : HotFlagCode.either(test, HotFlagCode.always(answers[branch]), next);
        }
        return next;
    }

    /** Where branch {@code branch}'s conditions start in the arrays: where the one before it ends. */
    private int conditionStart(int branch) {
        return branch == 0 ? 0 : conditionEnds[branch - 1];
    }

    /** The answer of the first branch {@code context} takes, from branch {@code from} on. */
    private Object firstTaken(Context context, int from) {
        int condition = conditionStart(from);
        for (int branch = from; ; branch++) {
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
