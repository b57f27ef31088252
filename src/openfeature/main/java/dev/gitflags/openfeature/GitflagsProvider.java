package dev.gitflags.openfeature;

import dev.gitflags.BoundFlag;
import dev.gitflags.ConfigRepository;
import dev.gitflags.Evaluation;
import dev.gitflags.Follower;
import dev.gitflags.Problem;
import dev.gitflags.RemoteSource;
import dev.gitflags.Snapshot;
import dev.gitflags.Source;
import dev.openfeature.sdk.ErrorCode;
import dev.openfeature.sdk.EvaluationContext;
import dev.openfeature.sdk.EventProvider;
import dev.openfeature.sdk.Hook;
import dev.openfeature.sdk.ImmutableMetadata;
import dev.openfeature.sdk.Metadata;
import dev.openfeature.sdk.ProviderEvaluation;
import dev.openfeature.sdk.ProviderEventDetails;
import dev.openfeature.sdk.Reason;
import dev.openfeature.sdk.Value;
import dev.openfeature.sdk.exceptions.GeneralError;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiFunction;
import java.util.stream.Collectors;

/**
 * An OpenFeature provider that evaluates gitflags in process: it follows a git ref (polled through JGit, no
 * checkout, bare repositories work) or a working tree, one environment of a gitflags server
 * ({@link #following(RemoteSource)}), or any {@link Source}, and evaluates each flag against the
 * last valid snapshot with no I/O and no lock.
 *
 * <pre>{@code
 * OpenFeatureAPI.getInstance().setProviderAndWait(GitflagsProvider
 *         .following(ConfigRepository.gitRef(Path.of("/srv/flags.git"), "main"))
 *         .environment("production")
 *         .build());
 * }</pre>
 *
 * <p>The environment is either fixed ({@link Builder#environment}) or read per evaluation from a context attribute
 * ({@link Builder#environmentAttribute}, e.g. set per request through the transaction context). Per evaluation,
 * an unknown, inactive or not allowed environment falls back to {@code default_environment}. A fixed one has no
 * fallback: while the served commit does not serve it, evaluations return the caller's default with
 * {@code GENERAL}, and the provider emits {@code PROVIDER_ERROR} naming the commit.
 *
 * <p>Events: {@code PROVIDER_READY} after the first valid load (an invalid first load fails {@code initialize}
 * with its located problems: {@code PROVIDER_ERROR}; so does a source that cannot be read yet, and the first valid
 * version then makes the provider ready); {@code PROVIDER_CONFIGURATION_CHANGED} with
 * {@code flagsChanged} = the keys whose resolved definition changed in the provider's environment(s); an invalid
 * new commit is never served: the last good snapshot stays and the provider is {@code PROVIDER_STALE} (reason and
 * problems in the log, the event's message and {@link #status()}) until a valid commit makes it ready again.
 * {@link #shutdown()} stops the follower's two threads.
 */
public final class GitflagsProvider extends EventProvider {

    private static final System.Logger LOG = System.getLogger(GitflagsProvider.class.getName());
    private static final ImmutableMetadata NO_METADATA = ImmutableMetadata.builder().build();
    private static final Metadata METADATA = () -> "gitflags";

    /**
     * A snapshot with its flags bound as they are asked for, per environment and key, so an evaluation finds its
     * flag with one look-up; the bindings die with the snapshot, so a new commit is never answered from an old one.
     * Only flags the snapshot serves are kept: unknown keys are not, so callers cannot grow the map.
     */
    private record Served(Snapshot snapshot, Map<String, Map<String, Prepared>> environments, String fixed,
                          Map<String, Prepared> fixedFlags) {
        /** {@code fixed}: the provider's fixed environment (null: chosen per evaluation), whose map is found once. */
        Served(Snapshot snapshot, String fixed) {
            this(snapshot, new ConcurrentHashMap<>(), fixed, new ConcurrentHashMap<>());
        }

        /** The flag bound in a served environment, or null when the environment is not served or has no such flag. */
        Prepared prepared(String slug, String key) {
            if (slug == null || key == null) {
                return null;
            }
            Map<String, Prepared> flags = slug.equals(fixed) ? fixedFlags : environments.get(slug);
            Prepared prepared = flags == null ? null : flags.get(key);
            if (prepared != null) {
                return prepared;
            }
            BoundFlag bound = snapshot.flag(slug, key).orElse(null);
            if (bound == null) {
                return null;
            }
            Prepared made = new Prepared(bound, metadata(bound.metadata()));
            Map<String, Prepared> into = flags != null ? flags
                    : environments.computeIfAbsent(slug, any -> new ConcurrentHashMap<>());
            // the flag's own key, which the snapshot holds anyway, not the caller's string; interned, so that a
            // caller's literal key (the common case) is found by identity rather than compared
            Prepared raced = into.putIfAbsent(bound.key().intern(), made);
            return raced != null ? raced : made;
        }
    }

    /** A bound flag with its OpenFeature flag metadata, built once rather than per evaluation. */
    private record Prepared(BoundFlag flag, ImmutableMetadata metadata) {
    }

    /** How the provider gets its source; a {@link ConfigRepository} is opened at {@code initialize}. */
    @FunctionalInterface
    private interface SourceOpener {
        Source open() throws IOException;
    }

    private final SourceOpener opener;
    private final String description;
    private final String environment;
    private final String environmentAttribute;
    private final Duration poll;
    private final Duration loadTimeout;
    private volatile Served served;
    private volatile Follower follower;
    private volatile boolean initializing;
    /** Why the provider is not READY (stale, or its fixed environment not served), or null. */
    private volatile String trouble;

    private GitflagsProvider(Builder builder) {
        this.opener = builder.opener;
        this.description = builder.description;
        this.environment = builder.environment;
        this.environmentAttribute = builder.environmentAttribute;
        this.poll = builder.poll;
        this.loadTimeout = builder.loadTimeout;
    }

    /** A provider following {@code repository}; with a fixed environment, only that one is resolved. */
    public static Builder following(ConfigRepository repository) {
        Builder builder = new Builder(repository.toString());
        builder.repository = repository;
        return builder;
    }

    /** A provider following any {@link Source} (e.g. a remote gitflags server). It is closed at shutdown. */
    public static Builder following(Source source) {
        Builder builder = new Builder(source.description());
        builder.opener = () -> source;
        return builder;
    }

    /**
     * A provider following one environment of a gitflags server through its sync feed and event stream: fixed
     * mode in that environment only ({@link Builder#environmentAttribute} is refused), as the feed holds that
     * environment's definitions and no other. Changes arrive as the stream announces them; the builder's
     * {@link Builder#poll} is how often the feed is asked while the stream is down. It is closed at shutdown.
     */
    public static Builder following(RemoteSource remote) {
        Builder builder = following((Source) remote);
        builder.environment(remote.environment());
        builder.onlyEnvironment = remote.environment();
        return builder;
    }

    /** The provider's options; {@link #environment} or {@link #environmentAttribute} is required. */
    public static final class Builder {
        private final String description;
        private ConfigRepository repository;
        private SourceOpener opener;
        private String environment;
        private String environmentAttribute;
        /** The one environment the source holds (a remote source's), or null when it holds them all. */
        private String onlyEnvironment;
        private Duration poll = Duration.ofSeconds(5);
        private Duration loadTimeout = ConfigRepository.DEFAULT_LOAD_TIMEOUT;

        private Builder(String description) {
            this.description = description;
        }

        /** Evaluate in this environment only; there is no fallback (see the class comment). */
        public Builder environment(String slug) {
            this.environment = Objects.requireNonNull(slug);
            this.environmentAttribute = null;
            return this;
        }

        /**
         * Evaluate in the environment named by this attribute of each evaluation's context (e.g.
         * {@code "environment"}); absent, unknown, inactive or not allowed: {@code default_environment}.
         */
        public Builder environmentAttribute(String name) {
            this.environmentAttribute = Objects.requireNonNull(name);
            this.environment = null;
            return this;
        }

        /** How often the source is polled for a new version (default 5 s). */
        public Builder poll(Duration interval) {
            this.poll = interval;
            return this;
        }

        /** How long one load may take before that version is given up (default 30 s). */
        public Builder loadTimeout(Duration timeout) {
            this.loadTimeout = timeout;
            return this;
        }

        public GitflagsProvider build() {
            if (environment == null && environmentAttribute == null) {
                throw new IllegalStateException("set environment(slug) or environmentAttribute(name)");
            }
            if (onlyEnvironment != null && !onlyEnvironment.equals(environment)) {
                throw new IllegalStateException(description + " holds environment '" + onlyEnvironment
                        + "' only: a remote source is fixed mode in it (no environmentAttribute, no other slug)");
            }
            if (repository != null) {
                ConfigRepository scoped = environment == null ? repository : repository.environment(environment);
                ConfigRepository timed = scoped.loadTimeout(loadTimeout);
                opener = timed::source;
            }
            return new GitflagsProvider(this);
        }
    }

    @Override
    public Metadata getMetadata() {
        return METADATA;
    }

    /** None; the SDK asks on every evaluation, and the interface's default makes a new list each time. */
    @Override
    public List<Hook> getProviderHooks() {
        return List.of();
    }

    /**
     * Loads the current version and starts following. Fails (the SDK then emits {@code PROVIDER_ERROR}) when the
     * version is invalid (the message lists every located problem), does not serve the fixed environment, or cannot
     * be read yet (a branch not pushed, a server down: the message says why); the provider keeps following, and the
     * first valid version makes it ready.
     */
    @Override
    public void initialize(EvaluationContext evaluationContext) throws Exception {
        if (follower != null) {
            return;
        }
        initializing = true;
        try {
            follower = Follower.startWaiting(opener.open(), poll, loadTimeout, this::onEvent);
        } finally {
            initializing = false;
        }
        if (trouble != null) {
            throw new GeneralError(trouble);
        }
    }

    /** Stops following: the follower's threads end and the source is closed. */
    @Override
    public void shutdown() {
        Follower running = follower;
        follower = null;
        if (running != null) {
            running.close();
        }
        super.shutdown();
    }

    /**
     * What the provider serves and why it may not be ready: the follower's status (served version, rejected
     * version with its problems) and, in fixed mode, whether the served commit serves the environment.
     */
    public Status status() {
        Follower running = follower;
        return new Status(running == null ? null : running.status(), trouble);
    }

    /**
     * The provider's status.
     *
     * @param follower the follower's, null before {@code initialize} and after {@code shutdown}
     * @param trouble  why the provider is STALE or ERROR, or null when it is ready
     */
    public record Status(Follower.Status follower, String trouble) {
    }

    private void onEvent(Follower.Event event) {
        boolean first = served == null;
        if (event instanceof Follower.Loaded loaded) {
            served = new Served(loaded.snapshot(), environment);
            String wasTrouble = trouble;
            trouble = environment == null || loaded.snapshot().serves(environment) ? null
                    : "commit " + loaded.version() + " does not serve environment '" + environment
                    + "' (unknown, inactive or not in allowed_environments); evaluations return the default";
            if (trouble != null) {
                LOG.log(Level.ERROR, trouble);
                if (!initializing) {
                    emitProviderError(ProviderEventDetails.builder().message(trouble).errorCode(ErrorCode.GENERAL)
                            .build());
                }
                return;
            }
            if (!initializing && (first || wasTrouble != null)) {
                emitProviderReady(ProviderEventDetails.builder().message("serving " + loaded.version()).build());
            }
            List<String> changed = changedKeys(loaded.changed());
            if (!first && !changed.isEmpty()) {
                emitProviderConfigurationChanged(ProviderEventDetails.builder().flagsChanged(changed)
                        .message("commit " + loaded.version()).build());
            }
        } else if (event instanceof Follower.Rejected rejected) {
            String problems = rejected.problems().stream().map(Problem::toString)
                    .collect(Collectors.joining("\n  ", rejected.problems().isEmpty() ? "" : ":\n  ", ""));
            trouble = (rejected.version() == null ? description + " could not be read"
                    : "version " + rejected.version() + " of " + description + " is not served")
                    + " (" + rejected.reason() + ")" + problems;
            if (initializing) {
                return;
            }
            if (first) {
                emitProviderError(ProviderEventDetails.builder().message(trouble).errorCode(ErrorCode.GENERAL).build());
            } else {
                emitProviderStale(ProviderEventDetails.builder().message(trouble).build());
            }
        }
    }

    /** The changed keys in the provider's environment, or in any environment when it is chosen per evaluation. */
    private List<String> changedKeys(Map<String, Set<String>> changed) {
        if (environment != null) {
            return List.copyOf(changed.getOrDefault(environment, Set.of()));
        }
        Set<String> keys = new TreeSet<>();
        changed.values().forEach(keys::addAll);
        return List.copyOf(keys);
    }

    @Override
    public ProviderEvaluation<Boolean> getBooleanEvaluation(String key, Boolean defaultValue, EvaluationContext ctx) {
        return evaluate(key, defaultValue, ctx, TypedValues::asBoolean);
    }

    @Override
    public ProviderEvaluation<String> getStringEvaluation(String key, String defaultValue, EvaluationContext ctx) {
        return evaluate(key, defaultValue, ctx, TypedValues::asString);
    }

    @Override
    public ProviderEvaluation<Integer> getIntegerEvaluation(String key, Integer defaultValue, EvaluationContext ctx) {
        return evaluate(key, defaultValue, ctx, TypedValues::asInteger);
    }

    @Override
    public ProviderEvaluation<Long> getLongEvaluation(String key, Long defaultValue, EvaluationContext ctx) {
        return evaluate(key, defaultValue, ctx, TypedValues::asLong);
    }

    @Override
    public ProviderEvaluation<Double> getDoubleEvaluation(String key, Double defaultValue, EvaluationContext ctx) {
        return evaluate(key, defaultValue, ctx, TypedValues::asDouble);
    }

    @Override
    public ProviderEvaluation<Value> getObjectEvaluation(String key, Value defaultValue, EvaluationContext ctx) {
        return evaluate(key, defaultValue, ctx, TypedValues::asObject);
    }

    /** @param typed the flag's value for this getter, or null when a flag of that type and value does not fit */
    private <T> ProviderEvaluation<T> evaluate(String key, T defaultValue, EvaluationContext ctx,
                                               BiFunction<String, Object, T> typed) {
        Served current = served;
        if (current == null) {
            return error(defaultValue, ErrorCode.PROVIDER_NOT_READY, "no valid configuration is loaded yet");
        }
        Snapshot snapshot = current.snapshot();
        String slug = environment;
        OpenFeatureContext context = null;
        if (slug == null) {
            context = new OpenFeatureContext(ctx);
            slug = chosen(snapshot, context);
        }
        Prepared prepared = current.prepared(slug, key);
        if (context == null) {
            // a flag whose rules name no attribute (static, a split), or none at all (an error), never has the
            // context's layers found
            context = new OpenFeatureContext(ctx, prepared != null && prepared.flag().readsAttributes());
        }
        if (prepared == null) {
            // not served or not found: the snapshot's evaluation says which, with its message
            return answer(snapshot.evaluate(slug, key, context), NO_METADATA, key, defaultValue, typed);
        }
        return answer(prepared.flag().evaluate(context), prepared.metadata(), key, defaultValue, typed);
    }

    private static <T> ProviderEvaluation<T> answer(Evaluation evaluation, ImmutableMetadata metadata, String key,
                                                    T defaultValue, BiFunction<String, Object, T> typed) {
        if (evaluation.isError()) {
            return error(defaultValue, ErrorCode.valueOf(evaluation.errorCode().name()), evaluation.errorMessage());
        }
        T value = typed.apply(evaluation.type(), evaluation.value());
        if (value == null) {
            return error(defaultValue, ErrorCode.TYPE_MISMATCH, "flag '" + key + "' is a " + evaluation.type()
                    + " flag whose value " + evaluation.value() + " does not fit this getter");
        }
        // the constructor, not the builder: one object per evaluation rather than two
        return new ProviderEvaluation<>(value, evaluation.variant(), evaluation.reason().name(), null, null, metadata);
    }

    /** The context attribute's environment when the snapshot serves it, else the default environment. */
    private String chosen(Snapshot snapshot, OpenFeatureContext context) {
        return context.attribute(environmentAttribute) instanceof String slug && snapshot.serves(slug) ? slug
                : snapshot.defaultEnvironment();
    }

    private static ImmutableMetadata metadata(Map<String, Object> metadata) {
        return metadata.isEmpty() ? NO_METADATA : TypedValues.metadata(metadata);
    }

    private static <T> ProviderEvaluation<T> error(T defaultValue, ErrorCode code, String message) {
        return ProviderEvaluation.<T>builder().value(defaultValue).reason(Reason.ERROR.name()).errorCode(code)
                .errorMessage(message).build();
    }
}
