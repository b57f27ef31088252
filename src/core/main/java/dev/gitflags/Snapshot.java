package dev.gitflags;

import dev.gitflags.internal.diff.SnapshotDiff;
import dev.gitflags.internal.eval.EvaluationResult;
import dev.gitflags.internal.eval.Evaluator;
import dev.gitflags.internal.graph.Provenance;
import dev.gitflags.internal.graph.ResolvedFlag;
import dev.gitflags.internal.model.FlagField;
import dev.gitflags.internal.model.FlagType;
import dev.gitflags.internal.view.PlainValues;
import dev.gitflags.internal.view.ValueText;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * One valid version of a config repository, immutable and safe to share between threads: its environments, and
 * every flag resolved in each of them. Evaluating is a lookup and a walk of the flag's rules, no I/O and no lock,
 * so call it on the request path. A new commit gives a new snapshot ({@link Follower}); this one never changes.
 */
public final class Snapshot {

    private static final Reason[] REASONS = mapped(dev.gitflags.internal.eval.Reason.values(), Reason.class);
    private static final ErrorCode[] ERROR_CODES =
            mapped(dev.gitflags.internal.eval.ErrorCode.values(), ErrorCode.class);
    /** Each type's YAML name, made once: {@code yamlName()} lower-cases a new string on every call. */
    private static final String[] TYPE_NAMES = java.util.Arrays.stream(FlagType.values())
            .map(type -> type.yamlName().intern()).toArray(String[]::new);

    private final dev.gitflags.internal.Snapshot snapshot;

    Snapshot(dev.gitflags.internal.Snapshot snapshot) {
        this.snapshot = Objects.requireNonNull(snapshot);
    }

    /** The commit SHA it was read from; empty for a working tree. */
    public Optional<String> commit() {
        return Optional.ofNullable(snapshot.commit());
    }

    /** {@code default_environment} of gitflags.yaml. */
    public String defaultEnvironment() {
        return snapshot.settings().defaultEnvironment();
    }

    /** Every environment, parents before children (roots in name order). */
    public List<Environment> environments() {
        return snapshot.graph().treeOrder().stream().map(slug -> environment(slug).orElseThrow()).toList();
    }

    /** The environment called {@code slug}, if there is one. */
    public Optional<Environment> environment(String slug) {
        return snapshot.environment(slug).map(env -> new Environment(env.slug(), env.name(),
                Optional.ofNullable(env.parent()), snapshot.chain(env.slug()), env.active(), snapshot.serves(env.slug())));
    }

    /** True when {@code slug} exists, is active and is allowed: the environments {@link #evaluate} serves. */
    public boolean serves(String slug) {
        return slug != null && snapshot.serves(slug);
    }

    /** Every flag key, sorted. */
    public List<String> flagKeys() {
        return snapshot.flagKeys();
    }

    /** Flag {@code key} as {@code environment} resolves it, each field with its provenance; empty when either is unknown. */
    public Optional<Resolution> resolve(String environment, String key) {
        return snapshot.flag(environment, key).map(flag -> resolution(environment, flag));
    }

    private static Resolution resolution(String environment, ResolvedFlag flag) {
        Map<String, Resolution.Field> fields = new LinkedHashMap<>();
        for (FlagField field : FlagField.values()) {
            Object value = flag.get(field);
            Provenance provenance = flag.provenanceOf(field);
            fields.put(field.yamlName(), new Resolution.Field(PlainValues.field(field, value),
                    ValueText.field(field, value, flag.type()), provenance.environment(), provenance.origin().file(),
                    provenance.origin().line()));
        }
        return new Resolution(flag.key(), environment, flag.type().yamlName(), flag.status().yamlName(), fields);
    }

    /**
     * Flag {@code key} as {@code environment} resolves it, bound for evaluation without further look-ups; empty when
     * the environment is not one {@link #evaluate} serves (see {@link #serves}) or it has no such flag.
     */
    public Optional<BoundFlag> flag(String environment, String key) {
        if (key == null || !serves(environment)) {
            return Optional.empty();
        }
        return snapshot.flag(environment, key)
                .map(flag -> new BoundFlag(flag, TYPE_NAMES[flag.type().ordinal()]));
    }

    /**
     * Evaluates flag {@code key} in {@code environment} for {@code context} (null: an empty context). Never throws:
     * an unknown flag is {@link ErrorCode#FLAG_NOT_FOUND}; an unknown, inactive or not allowed environment is
     * {@link ErrorCode#GENERAL} (choose a served one with {@link #serves}).
     */
    public Evaluation evaluate(String environment, String key, Context context) {
        EvaluationResult result = Evaluator.evaluate(snapshot, environment, key, context);
        // a flag's type is its base flag's, whichever environment resolved it
        String type = result.isError() ? null : TYPE_NAMES[snapshot.flags().get(key).type().ordinal()];
        return evaluation(result, type);
    }

    /** The evaluator's result as the API's; {@code type} is the flag's, left out when the evaluation failed. */
    static Evaluation evaluation(EvaluationResult result, String type) {
        return new Evaluation(result.flagKey(), result.isError() ? null : type, result.value(), result.variant(), REASONS[result.reason().ordinal()],
                result.errorCode() == null ? null : ERROR_CODES[result.errorCode().ordinal()], result.errorMessage(),
                result.metadata());
    }

    /**
     * What changed from {@code before} to this snapshot: for every environment with a change, the keys of the flags
     * whose resolved definition differs (a field, the status, the type or the metadata; added and removed flags
     * too). An environment added or removed lists every flag it has. A change to a base flag or a parent shows in
     * every environment that inherits it. What OpenFeature's {@code flagsChanged} reports. Keys and environments
     * are sorted.
     */
    public Map<String, Set<String>> changedFlags(Snapshot before) {
        dev.gitflags.internal.Snapshot old = before.snapshot;
        Map<String, Set<String>> changed = new TreeMap<>();
        for (SnapshotDiff.EnvironmentDiff environment : SnapshotDiff.between(old, snapshot).environments()) {
            Set<String> keys = new TreeSet<>();
            environment.flags().forEach(flag -> keys.add(flag.key()));
            if (environment.kind() != SnapshotDiff.Kind.CHANGED) {
                dev.gitflags.internal.Snapshot side = environment.kind() == SnapshotDiff.Kind.ADDED ? snapshot : old;
                keys.addAll(side.resolvedEnvironment(environment.slug()).orElseThrow().flags().keySet());
            }
            if (!keys.isEmpty()) {
                changed.put(environment.slug(), keys);
            }
        }
        // metadata is not part of the diff's fields, but it is part of what an OpenFeature evaluation returns
        for (String key : snapshot.flagKeys()) {
            var was = old.flags().get(key);
            var is = snapshot.flags().get(key);
            if (was == null || is == null || was.metadata().equals(is.metadata())) {
                continue;
            }
            for (String slug : snapshot.environments().keySet()) {
                if (old.flag(slug, key).isPresent() && snapshot.flag(slug, key).isPresent()) {
                    changed.computeIfAbsent(slug, any -> new TreeSet<>()).add(key);
                }
            }
        }
        changed.replaceAll((slug, keys) -> Collections.unmodifiableSet(keys));
        return Collections.unmodifiableMap(changed);
    }

    /** The implementation's snapshot, for code of this library beside the API. */
    dev.gitflags.internal.Snapshot internal() {
        return snapshot;
    }

    @Override
    public String toString() {
        return "Snapshot[" + (snapshot.commit() == null ? "working tree" : snapshot.commit()) + ", "
                + snapshot.environments().size() + " environments, " + snapshot.flagKeys().size() + " flags]";
    }

    private static <I extends Enum<I>, P extends Enum<P>> P[] mapped(I[] internal, Class<P> type) {
        @SuppressWarnings("unchecked")
        P[] mapped = (P[]) java.lang.reflect.Array.newInstance(type, internal.length);
        for (I value : internal) {
            mapped[value.ordinal()] = Enum.valueOf(type, value.name());
        }
        return mapped;
    }
}
