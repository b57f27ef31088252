package dev.gitflags.internal.eval;

import java.util.Map;

/**
 * The outcome of one evaluation, shaped like OpenFeature's {@code ProviderEvaluation}: value, variant, reason,
 * and on failure an error code and message (value is then null).
 */
public record EvaluationResult(String flagKey, Object value, String variant, Reason reason, ErrorCode errorCode,
                               String errorMessage, Map<String, Object> metadata) {

    public static EvaluationResult error(String flagKey, ErrorCode code, String message) {
        return new EvaluationResult(flagKey, null, null, Reason.ERROR, code, message, Map.of());
    }

    /** What a defect (a bug, not bad input) while evaluating {@code flagKey} gives, rather than failing the caller. */
    public static EvaluationResult failed(String flagKey, RuntimeException e) {
        return error(flagKey, ErrorCode.GENERAL, "evaluating flag '" + flagKey + "' failed: " + e);
    }

    public boolean isError() {
        return errorCode != null;
    }
}
