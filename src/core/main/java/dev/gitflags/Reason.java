package dev.gitflags;

/** Why an evaluation returned its value, in OpenFeature's vocabulary (its {@code Reason} has the same names). */
public enum Reason {
    /** The flag has no rules, no variants and no rollout: everyone gets its default value. */
    STATIC,
    /** A targeting rule matched the context. */
    TARGETING_MATCH,
    /** A variant split or a percentage rollout picked the value by the targeting key. */
    SPLIT,
    /** The flag is disabled or not active: it serves its disabled value. */
    DISABLED,
    /** Rules or a split exist, but none applied: the default value. */
    DEFAULT,
    /** The evaluation failed; see {@link Evaluation#errorCode()}. */
    ERROR
}
