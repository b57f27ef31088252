package dev.gitflags;

/** Why an evaluation failed, in OpenFeature's vocabulary (its {@code ErrorCode} has the same names). */
public enum ErrorCode {
    /** No flag of that key exists in the environment. */
    FLAG_NOT_FOUND,
    /** The flag's value is not of the type the caller asked for (raised by typed callers such as the provider). */
    TYPE_MISMATCH,
    /** A targeting key was needed and missing (gitflags never needs one: such a subject is outside partial rollouts). */
    TARGETING_KEY_MISSING,
    /** A request could not be read. */
    PARSE_ERROR,
    /** The context has the wrong shape. */
    INVALID_CONTEXT,
    /** Anything else: no configuration, an unknown or unserved environment, an internal failure. */
    GENERAL
}
