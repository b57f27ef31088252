package dev.gitflags.server.web;

import dev.gitflags.internal.eval.EvaluationContext;
import dev.gitflags.internal.eval.EvaluationResult;
import dev.gitflags.internal.eval.Evaluator;
import dev.gitflags.internal.eval.Reason;
import dev.gitflags.internal.graph.ResolvedFlag;
import dev.gitflags.internal.model.Rule;
import dev.gitflags.internal.model.Variant;
import dev.gitflags.internal.view.ValueText;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * What requests get from one resolved flag, in the evaluator's order, as a table cell says it: the steps that come
 * first (rules, the variant split, a partial rollout), then the value of every request they do not reach. That value
 * is the evaluator's own answer to a request without a targeting key or attributes, which no condition, split or
 * partial rollout takes; what a rollout admits is {@link Evaluator#whenEnabled}.
 *
 * @param targeting the first steps in a few words ({@code 2 rules · 10%: true}); null when every request gets
 *                  {@code value}
 * @param value     what the rest get, as JSON text (cut at {@link #MAX_CHARS})
 * @param steps     every step in full, one per line (only in {@link #detailed}: rule texts are too heavy to repeat in
 *                  every cell of a page)
 */
record ServedSummary(String targeting, String value, List<String> steps) {

    static final int MAX_CHARS = 80;

    ServedSummary {
        steps = List.copyOf(steps);
    }

    /** The cell's few words: {@code targeting} and {@code value}, no steps. */
    static ServedSummary of(ResolvedFlag flag) {
        return summarize(flag, false);
    }

    /** With every step in full, for the click panel. */
    static ServedSummary detailed(ResolvedFlag flag) {
        return summarize(flag, true);
    }

    private static ServedSummary summarize(ResolvedFlag flag, boolean detailed) {
        EvaluationResult rest = Evaluator.evaluate(flag, EvaluationContext.EMPTY);
        String value = rest.isError() ? "error" : shorten(ValueText.value(rest.value()));
        if (rest.isError()) {
            return new ServedSummary(null, value, List.of("error: " + rest.errorMessage()));
        }
        if (rest.reason() == Reason.DISABLED) {
            return new ServedSummary(null, value, List.of("disabled: every request gets " + value));
        }
        List<String> first = new ArrayList<>(3);
        List<String> steps = new ArrayList<>();
        int rules = 0;
        for (Rule rule : flag.rules()) {
            if (rule.enabled()) {
                rules++;
                if (detailed) {
                    steps.add(ValueText.rule(rule, flag.type()));
                }
            }
        }
        if (rules > 0) {
            first.add(rules + (rules == 1 ? " rule" : " rules"));
        }
        // A rule without conditions takes every request, so nothing after it is reached.
        boolean ruleTakesAll = rest.reason() == Reason.TARGETING_MATCH;
        List<Variant> variants = flag.variants();
        if (!ruleTakesAll && !variants.isEmpty()) {
            first.add("split " + variants.stream().map(v -> v.key() + " " + v.weight() + "%")
                    .collect(Collectors.joining(", ")));
            if (detailed) {
                steps.add("split by targeting key: " + variants.stream().map(ValueText::variant)
                        .collect(Collectors.joining(", ")));
            }
        }
        Integer rollout = flag.rolloutPercentage();
        // Keyed requests all go to a split; only a partial rollout without one shares them out.
        if (!ruleTakesAll && variants.isEmpty() && rollout != null && rollout > 0 && rollout < 100) {
            String admitted = ValueText.value(Evaluator.whenEnabled(flag.type()).valueIn(flag));
            first.add(rollout + "%: " + shorten(admitted));
            if (detailed) {
                steps.add("rollout " + rollout + "% of targeting keys: " + admitted);
            }
        }
        if (detailed) {
            steps.add((first.isEmpty() ? "every request: " : "else: ") + value + " (" + rest.reason() + ")");
        }
        return new ServedSummary(first.isEmpty() ? null : String.join(" · ", first), value, steps);
    }

    private static String shorten(String text) {
        return text.length() <= MAX_CHARS ? text : text.substring(0, MAX_CHARS - 1) + "…";
    }
}
