package dev.gitflags.internal.eval;

/**
 * Why an evaluation failed; OpenFeature's vocabulary, and the {@code errorCode} of OFREP error bodies.
 * The evaluator produces FLAG_NOT_FOUND and GENERAL; the server adds PARSE_ERROR (a request it cannot read) and
 * INVALID_CONTEXT (a context of the wrong shape). TYPE_MISMATCH is the client's to raise: OFREP requests name no type.
 */
public enum ErrorCode {
    FLAG_NOT_FOUND, TYPE_MISMATCH, TARGETING_KEY_MISSING, PARSE_ERROR, INVALID_CONTEXT, GENERAL
}
