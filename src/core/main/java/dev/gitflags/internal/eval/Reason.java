package dev.gitflags.internal.eval;

/** Why an evaluation returned its value; OpenFeature's vocabulary. */
public enum Reason {
    STATIC, TARGETING_MATCH, SPLIT, DISABLED, DEFAULT, ERROR
}
