package dev.gitflags.internal.model;

/**
 * Stable codes of load-time problems; CI scripts and docs refer to these names, so never rename one. An
 * {@code E_} code is an {@link Severity#ERROR error} (the repository is invalid), a {@code W_} code a
 * {@link Severity#WARNING warning} (the repository is valid and served, but something in it is likely a mistake).
 */
public enum ProblemCode {
    /** A file or folder could not be read (missing gitflags.yaml, unknown ref, I/O failure). */
    E_IO,
    /** The bytes of a file are not valid UTF-8. */
    E_ENCODING,
    /** A file, alias count or nesting depth exceeds the configured limits. */
    E_LIMIT,
    /** The YAML does not parse. */
    E_YAML_SYNTAX,
    /** The same key appears twice in one YAML mapping. */
    E_DUPLICATE_KEY,
    /** The file does not match its JSON Schema. */
    E_SCHEMA,
    /** An environment file name is not a valid slug. */
    E_BAD_SLUG,
    /** The same flag key is defined in two places. */
    E_DUPLICATE_FLAG,
    /** An override names a flag that does not exist. */
    E_UNKNOWN_FLAG,
    /** An environment's parent does not exist. */
    E_MISSING_PARENT,
    /** Environments inherit from each other in a loop. */
    E_CYCLE,
    /** A value does not have the flag's type. */
    E_TYPE_MISMATCH,
    /** A number JSON cannot carry as written: NaN, an infinity, beyond a double's range, or too many digits. */
    E_BAD_NUMBER,
    /** Variant weights do not add up to 100. */
    E_VARIANT_WEIGHTS,
    /** A rule serves a variant that the flag does not define. */
    E_UNKNOWN_VARIANT,
    /** A condition names an operator that does not exist. */
    E_UNKNOWN_OPERATOR,
    /** A condition's value does not suit its operator (a regex that does not compile, a bad semver or date). */
    E_BAD_OPERAND,
    /** default_environment is missing, unknown, or not among allowed_environments. */
    E_DEFAULT_ENVIRONMENT,
    /** allowed_environments names an environment that has no file. */
    E_UNKNOWN_ENVIRONMENT,
    /** A YAML file in flags/ or environments/ that would not be read: a .yml name, or a subfolder. */
    E_IGNORED_FILE,
    /** A config file or folder is a symbolic link, which gitflags does not follow. */
    E_SYMLINK,
    /** A config file or folder is a git submodule, whose files are another repository's; gitflags follows none. */
    E_SUBMODULE,
    /** gitflags.yaml {@code requires:} a newer gitflags than this one; nothing else is read or reported. */
    E_VERSION,
    /**
     * A flag definition breaks gitflags.yaml's {@code lifecycle:} policy (no owner, no expiry, a lifetime too long)
     * or contradicts itself ({@code permanent: true} with {@code expires}). Reported by {@code validate}, not loads.
     */
    E_LIFECYCLE,
    /** A flag is past its {@code expires} day and the policy says {@code expired: error}; else {@link #W_EXPIRED}. */
    E_EXPIRED,
    /** A sync feed's body, or a copy of one saved to a file, is not JSON or not a feed of this format. */
    E_SYNC_FEED,
    /** An override field that no request can notice: removing it changes nothing any served environment serves. */
    W_DEAD_OVERRIDE(Severity.WARNING),
    /** An environment file with no fields at all: a root environment that overrides nothing. */
    W_EMPTY_ENVIRONMENT(Severity.WARNING),
    /** A flag is past its {@code expires} day (the policy's default; {@link #E_EXPIRED} with {@code expired: error}). */
    W_EXPIRED(Severity.WARNING),
    /** {@code owner}, {@code expires} or {@code permanent} under {@code metadata}, where they mean nothing to gitflags. */
    W_LIFECYCLE_IN_METADATA(Severity.WARNING);

    /** How bad a problem is. */
    public enum Severity {
        /** The repository is invalid: it is not served, and {@code validate} exits 1. */
        ERROR,
        /** The repository is valid and served; {@code validate} prints it and exits 0 unless {@code --strict}. */
        WARNING
    }

    private final Severity severity;

    ProblemCode() {
        this(Severity.ERROR);
    }

    ProblemCode(Severity severity) {
        this.severity = severity;
    }

    public Severity severity() {
        return severity;
    }
}
