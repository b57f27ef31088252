package dev.gitflags.eval;

import dev.gitflags.graph.ResolvedFlag;
import dev.gitflags.model.Condition;
import dev.gitflags.model.Rule;
import dev.gitflags.model.Variant;

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

    /** The behaviour of {@code flag}, as {@link Evaluator#evaluate(ResolvedFlag, EvaluationContext)} evaluates it. */
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
     * {@code sameAs(FlagBehaviour.of(flag))}, reading {@code flag} only as far as needed: the requests without a
     * targeting key are not looked at when keyed ones already differ.
     */
    public boolean sameAs(ResolvedFlag flag) {
        return same(keyed, branches(flag, RequestKind.KEYED)) && same(unkeyed, branches(flag, RequestKind.UNKEYED));
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
                case SPLIT -> same(variants, other.variants, Variant::sameShare);
                case ROLLOUT -> percentage == other.percentage;
            };
        }

        private static boolean sameTest(Rule a, Rule b) {
            return Objects.equals(a.rolloutPercentage(), b.rolloutPercentage())
                    && same(a.conditions(), b.conditions(), Condition::sameTest);
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

    /** Records the branches a kind of request can reach, stopping at the first every such request takes. */
    private record Recorder(RequestKind kind) implements EvaluationSteps.Branches<List<Branch>, List<Branch>> {

        @Override
        public List<Branch> always(ResolvedFlag flag, Object value, Reason reason, List<Branch> branches) {
            return add(branches, Reach.ALWAYS, new Branch(Test.ALWAYS, null, null, 0,
                    new Answer(value, null, reason, null)));
        }

        @Override
        public List<Branch> rule(ResolvedFlag flag, Rule rule, List<Branch> branches) {
            return add(branches, EvaluationSteps.takes(rule, kind), new Branch(Test.RULE, rule, null, 0,
                    Answer.of(EvaluationSteps.serve(flag, rule))));
        }

        @Override
        public List<Branch> split(ResolvedFlag flag, List<Variant> variants, List<Branch> branches) {
            return add(branches, Bucketing.picks(variants, kind), new Branch(Test.SPLIT, null, variants, 0, null));
        }

        @Override
        public List<Branch> rollout(ResolvedFlag flag, int percentage, Object value, Reason reason,
                                    List<Branch> branches) {
            return add(branches, Bucketing.admits(percentage, kind), new Branch(Test.ROLLOUT, null, null, percentage,
                    new Answer(value, null, reason, null)));
        }

        /** Keeps a branch some request reaches; ends the walk when every request takes it. */
        private static List<Branch> add(List<Branch> branches, Reach reach, Branch branch) {
            if (reach != Reach.NEVER) {
                branches.add(branch);
            }
            return reach == Reach.ALWAYS ? branches : null;
        }
    }

    private static List<Branch> branches(ResolvedFlag flag, RequestKind kind) {
        return List.copyOf(EvaluationSteps.walk(flag, new Recorder(kind), new ArrayList<>(4)));
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
