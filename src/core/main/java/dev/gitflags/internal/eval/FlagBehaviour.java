package dev.gitflags.internal.eval;

import dev.gitflags.internal.graph.ResolvedFlag;
import dev.gitflags.internal.model.Rule;
import dev.gitflags.internal.model.Variant;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * What a resolved flag answers, for every request: for each {@link RequestKind}, the branches of the evaluator's
 * steps that such a request can reach, in the order the evaluator tries them, read from the same
 * {@link EvaluationSteps} the evaluator runs. A branch no request of the kind can pass is left out, and the list
 * ends at the first branch every request that gets there takes.
 *
 * <p>Used to tell whether a change to a flag can be noticed at all ({@link #sameAs}: an override that cannot take
 * effect, a field equal to what it replaces) and whether a flag serves one answer to everyone ({@link #onlyAnswer},
 * for finding flags that are done rolling out). It never looks at attribute values: a rule with conditions is one
 * that some request may fail, and bucket tests are compared by their percentages. So {@link #sameAs} true proves
 * that every request gets the same value, variant and reason from both flags; false means that this could not be
 * shown (usually because they do differ).
 */
public final class FlagBehaviour {

    private final List<Branch> keyed;
    private final List<Branch> unkeyed;

    private FlagBehaviour(List<Branch> keyed, List<Branch> unkeyed) {
        this.keyed = keyed;
        this.unkeyed = unkeyed;
    }

    /** The behaviour of {@code flag}, as {@link Evaluator#evaluate(ResolvedFlag, dev.gitflags.Context)} evaluates it. */
    public static FlagBehaviour of(ResolvedFlag flag) {
        return new FlagBehaviour(branches(flag, RequestKind.KEYED), branches(flag, RequestKind.UNKEYED));
    }

    /**
     * What every request, with or without a targeting key, gets when the flag can give one answer only: the first
     * branch any request reaches is one that every request takes, the same for both kinds; else empty.
     */
    public Optional<Answer> onlyAnswer() {
        if (keyed.size() != 1 || unkeyed.size() != 1 || !keyed.get(0).sameAs(unkeyed.get(0))) {
            return Optional.empty();
        }
        return Optional.ofNullable(keyed.get(0).answer());
    }

    /** True when every request gets the same value, variant and reason from both flags (see the class comment). */
    public boolean sameAs(FlagBehaviour other) {
        return same(keyed, other.keyed) && same(unkeyed, other.unkeyed);
    }

    /**
     * {@code sameAs(FlagBehaviour.of(flag))}, reading {@code flag} only as far as it agrees: the walk of its steps
     * stops at the first branch that differs, and requests without a targeting key are not looked at when keyed
     * ones already differ.
     */
    public boolean sameAs(ResolvedFlag flag) {
        return matches(flag, RequestKind.KEYED, keyed) && matches(flag, RequestKind.UNKEYED, unkeyed);
    }

    /** The branches a kind of request can reach, one per line, e.g. {@code rule [country eq "NL"] -> ...}. */
    @Override
    public String toString() {
        return "keyed:\n" + lines(keyed) + "unkeyed:\n" + lines(unkeyed);
    }

    /** One answer of the evaluator: OpenFeature's value, variant, reason and error code. */
    public record Answer(Object value, String variant, Reason reason, ErrorCode errorCode) {

        static Answer of(EvaluationResult result) {
            return new Answer(result.value(), result.variant(), result.reason(), result.errorCode());
        }
    }

    private enum Test { ALWAYS, RULE, SPLIT, ROLLOUT }

    /**
     * A reachable branch: the test a request must pass (a rule's conditions and rollout, the split's variants,
     * a rollout percentage, or none) and what it then gets; a split's answer is its variants.
     */
    private record Branch(Test test, Rule rule, List<Variant> variants, int percentage, Answer answer) {

        boolean sameAs(Branch other) {
            if (test != other.test || !Objects.equals(answer, other.answer)) {
                return false;
            }
            return switch (test) {
                case ALWAYS -> true;
                case RULE -> sameTest(rule, other.rule);
                case SPLIT -> variants.equals(other.variants);
                case ROLLOUT -> percentage == other.percentage;
            };
        }

        private static boolean sameTest(Rule a, Rule b) {
            return Objects.equals(a.rolloutPercentage(), b.rolloutPercentage())
                    && a.conditions().equals(b.conditions());
        }

        @Override
        public String toString() {
            String served = answer == null ? "" : " -> " + answer.value() + " (" + answer.reason()
                    + (answer.variant() == null ? "" : ", variant " + answer.variant()) + ")";
            return switch (test) {
                case ALWAYS -> "always" + served;
                case RULE -> "rule " + rule.conditions().stream()
                        .map(c -> c.attribute() + " " + c.operator().yamlName() + " " + c.value())
                        .collect(Collectors.joining(" and ", "[", "]"))
                        + (rule.rolloutPercentage() == null ? "" : " at " + rule.rolloutPercentage() + "%") + served;
                case SPLIT -> "split " + variants.stream().map(v -> v.key() + "=" + v.value() + " " + v.weight() + "%")
                        .collect(Collectors.joining(", "));
                case ROLLOUT -> "rollout " + percentage + "%" + served;
            };
        }
    }

    /**
     * Turns each branch the steps offer into its {@link Reach} for one kind of request and a {@link Branch}, and
     * hands those a request of the kind can reach to {@link #reached}; the walk ends where every request does.
     */
    private abstract static class Reachable<S> implements EvaluationSteps.Branches<S, Boolean> {
        private final RequestKind kind;

        Reachable(RequestKind kind) {
            this.kind = kind;
        }

        /** A reachable branch, in order; {@code last} when every request that gets here takes it. Null goes on. */
        abstract Boolean reached(Branch branch, boolean last, S state);

        @Override
        public Boolean always(ResolvedFlag flag, Object value, Reason reason, S state) {
            return offer(Reach.ALWAYS, new Branch(Test.ALWAYS, null, null, 0, new Answer(value, null, reason, null)),
                    state);
        }

        @Override
        public Boolean rule(ResolvedFlag flag, Rule rule, S state) {
            Reach reach = EvaluationSteps.takes(rule, kind);
            return reach == Reach.NEVER ? null : offer(reach, new Branch(Test.RULE, rule, null, 0,
                    Answer.of(EvaluationSteps.serve(flag, rule))), state);
        }

        @Override
        public Boolean split(ResolvedFlag flag, List<Variant> variants, S state) {
            Reach reach = Bucketing.picks(variants, kind);
            return reach == Reach.NEVER ? null : offer(reach, new Branch(Test.SPLIT, null, variants, 0, null), state);
        }

        @Override
        public Boolean rollout(ResolvedFlag flag, int percentage, Object value, Reason reason, S state) {
            Reach reach = Bucketing.admits(percentage, kind);
            return reach == Reach.NEVER ? null : offer(reach, new Branch(Test.ROLLOUT, null, null, percentage,
                    new Answer(value, null, reason, null)), state);
        }

        private Boolean offer(Reach reach, Branch branch, S state) {
            boolean last = reach == Reach.ALWAYS;
            Boolean answer = reached(branch, last, state);
            return answer != null || !last ? answer : Boolean.TRUE;
        }
    }

    /** Records the reachable branches. */
    private static final class Recorder extends Reachable<List<Branch>> {
        Recorder(RequestKind kind) {
            super(kind);
        }

        @Override
        Boolean reached(Branch branch, boolean last, List<Branch> branches) {
            branches.add(branch);
            return null;
        }
    }

    /** Compares the reachable branches with known ones as they come, and stops at the first that differs. */
    private static final class Matcher extends Reachable<int[]> {
        private final List<Branch> expected;

        Matcher(RequestKind kind, List<Branch> expected) {
            super(kind);
            this.expected = expected;
        }

        @Override
        Boolean reached(Branch branch, boolean last, int[] next) {
            int index = next[0]++;
            if (index >= expected.size() || !expected.get(index).sameAs(branch)) {
                return Boolean.FALSE;
            }
            return last ? index == expected.size() - 1 : null;
        }
    }

    private static List<Branch> branches(ResolvedFlag flag, RequestKind kind) {
        List<Branch> branches = new ArrayList<>(4);
        EvaluationSteps.walk(flag, new Recorder(kind), branches);
        return List.copyOf(branches);
    }

    /** Whether the branches {@code flag} offers {@code kind} are {@code expected}, read only while they agree. */
    private static boolean matches(ResolvedFlag flag, RequestKind kind, List<Branch> expected) {
        return EvaluationSteps.walk(flag, new Matcher(kind, expected), new int[1]);
    }

    private static boolean same(List<Branch> a, List<Branch> b) {
        return same(a, b, Branch::sameAs);
    }

    private interface Same<T> {
        boolean test(T a, T b);
    }

    private static <T> boolean same(List<T> a, List<T> b, Same<T> same) {
        if (a.size() != b.size()) {
            return false;
        }
        for (int i = 0; i < a.size(); i++) {
            if (!same.test(a.get(i), b.get(i))) {
                return false;
            }
        }
        return true;
    }

    private static String lines(List<Branch> branches) {
        return branches.stream().map(branch -> "  " + branch + "\n").collect(Collectors.joining());
    }
}
