package dev.gitflags.eval;

import dev.gitflags.Snapshot;
import dev.gitflags.graph.ResolvedFlag;

/** Evaluates resolved flags for a context. Pure and allocation-light: rules were compiled at load time. */
public final class Evaluator {

    private Evaluator() {
    }

    /** Evaluates one resolved flag. Never throws for any context. */
    public static EvaluationResult evaluate(ResolvedFlag flag, EvaluationContext context) {
        throw new UnsupportedOperationException("TODO(eval)");
    }

    /**
     * Evaluates {@code key} in {@code environment}: FLAG_NOT_FOUND when the flag does not exist, GENERAL when the
     * environment is unknown or not served (inactive / not allowed).
     */
    public static EvaluationResult evaluate(Snapshot snapshot, String environment, String key,
                                            EvaluationContext context) {
        throw new UnsupportedOperationException("TODO(eval)");
    }
}
