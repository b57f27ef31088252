package dev.gitflags;

import java.util.Map;

/**
 * The outcome of evaluating one flag for one {@link Context}, shaped like OpenFeature's {@code ProviderEvaluation}.
 *
 * @param flagKey      the flag asked for
 * @param type         the flag's type ({@code boolean}, {@code string}, {@code number}, {@code json}); null on error
 * @param value        what the flag serves: Boolean, String, a Number (Long or Double, or BigDecimal beyond
 *                     their exact range), or for json flags any JSON value (maps, lists, scalars); null on error
 * @param variant      the variant's key when a split or a rule picked one, else null
 * @param reason       why this value
 * @param errorCode    null on success
 * @param errorMessage null on success
 * @param metadata     the flag's {@code metadata:} map (immutable; empty when the flag is not found)
 */
public record Evaluation(String flagKey, String type, Object value, String variant, Reason reason, ErrorCode errorCode,
                         String errorMessage, Map<String, Object> metadata) {

    /** A failed evaluation: no value, {@link Reason#ERROR}. */
    public static Evaluation error(String flagKey, ErrorCode code, String message) {
        return new Evaluation(flagKey, null, null, null, Reason.ERROR, code, message, Map.of());
    }

    /** True when the evaluation failed. */
    public boolean isError() {
        return errorCode != null;
    }
}
