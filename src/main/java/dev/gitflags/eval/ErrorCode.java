package dev.gitflags.eval;

/** Why an evaluation failed; OpenFeature's vocabulary. */
public enum ErrorCode {
    FLAG_NOT_FOUND, TYPE_MISMATCH, TARGETING_KEY_MISSING, PARSE_ERROR, GENERAL
}
