package dev.gitflags.server;

import dev.gitflags.internal.Snapshot;
import dev.gitflags.internal.graph.Provenance;
import dev.gitflags.internal.graph.ResolvedFlag;
import dev.gitflags.internal.model.Environment;
import dev.gitflags.internal.model.FlagField;
import dev.gitflags.internal.model.Problem;
import dev.gitflags.internal.view.PlainValues;
import io.micronaut.serde.annotation.Serdeable;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The JSON bodies of /api/v1, /health, /status and of errors, and how they are made from a snapshot. */
public final class ApiResponses {

    private ApiResponses() {
    }

    /** GET /api/v1/environments. */
    @Serdeable
    public record EnvironmentList(String commit, String defaultEnvironment, List<EnvironmentView> environments) {
    }

    /** One environment; {@code served} is false when it is inactive or not in allowed_environments. */
    @Serdeable
    public record EnvironmentView(String slug, String name, String description, String parent, List<String> chain,
                                  boolean active, boolean served, String file) {

        static EnvironmentView of(Snapshot snapshot, Environment environment) {
            return new EnvironmentView(environment.slug(), environment.name(), environment.description(),
                    environment.parent(), snapshot.chain(environment.slug()), environment.active(),
                    snapshot.serves(environment.slug()), environment.file());
        }
    }

    /** GET …/flags: every resolved flag of one environment, in key order. */
    @Serdeable
    public record FlagList(String environment, String commit, List<FlagView> flags) {
    }

    /**
     * One flag as an environment resolves it. {@code rules} and {@code variants} are in the plain form of the YAML
     * files that every view uses ({@link PlainValues}). {@code provenance} (only with {@code ?explain=true}) names,
     * per overridable field, the environment (absent for the base flag) and the file and line that supplied it.
     */
    @Serdeable
    public record FlagView(String key, String environment, String name, String description, String type,
                           String status, boolean enabled, Object defaultValue, Integer rolloutPercentage,
                           List<Map<String, Object>> rules, Map<String, Object> variants, List<String> tags,
                           Map<String, Object> metadata, Map<String, ProvenanceView> provenance) {

        static FlagView of(String environment, ResolvedFlag flag, boolean explain) {
            return new FlagView(flag.key(), environment, flag.base().name(), flag.base().description(),
                    flag.type().yamlName(), flag.status().yamlName(), flag.enabled(), flag.defaultValue(),
                    flag.rolloutPercentage(), flag.rules().stream().map(PlainValues::rule).toList(),
                    PlainValues.variants(flag.variants()), flag.base().tags(),
                    flag.base().metadata(), explain ? provenanceOf(flag) : null);
        }

        private static Map<String, ProvenanceView> provenanceOf(ResolvedFlag flag) {
            Map<String, ProvenanceView> provenance = new LinkedHashMap<>();
            for (FlagField field : FlagField.values()) {
                Provenance source = flag.provenanceOf(field);
                if (source != null) {
                    provenance.put(jsonName(field), ProvenanceView.of(source));
                }
            }
            return provenance;
        }

        /** The field's name in this JSON (camelCase of the YAML name). */
        static String jsonName(FlagField field) {
            return switch (field) {
                case ENABLED -> "enabled";
                case DEFAULT_VALUE -> "defaultValue";
                case ROLLOUT_PERCENTAGE -> "rolloutPercentage";
                case RULES -> "rules";
                case VARIANTS -> "variants";
            };
        }
    }

    /** Where a field's value was written. */
    @Serdeable
    public record ProvenanceView(String environment, String file, int line, int column) {

        static ProvenanceView of(Provenance provenance) {
            return new ProvenanceView(provenance.environment(), provenance.origin().file(),
                    provenance.origin().line(), provenance.origin().column());
        }
    }

    /** GET /health. */
    @Serdeable
    public record Health(String status) {
    }

    /**
     * GET /status: what is served, what was seen last, and why that is not served if it is not. {@code degraded}
     * is true exactly when the newest version seen is not the one served (rejected, failed, timed out, or the repo
     * could not be read), with the one-line {@code reason}; {@code rejected} then gives the details. {@code warnings}
     * are the served version's (a dead override, an empty environment file): never a reason not to serve it.
     */
    @Serdeable
    public record Status(String status, String source, String commit, String version, String loadedAt,
                         String newestSeen, boolean degraded, String reason, RejectionView rejected,
                         List<ProblemView> warnings) {

        static Status of(ServedState state, String source) {
            ServedState.Rejection rejection = state.rejection();
            return new Status(state.isServing() ? "UP" : "DOWN", source,
                    state.isServing() ? state.snapshot().commit() : null, state.version(),
                    state.loadedAt() == null ? null : state.loadedAt().toString(), state.newestSeen(),
                    state.isDegraded(), rejection == null ? null : rejection.reason(),
                    rejection == null ? null : RejectionView.of(rejection),
                    state.warnings().stream().map(ProblemView::of).toList());
        }
    }

    /** The version not served (null when the repo could not be read), since when, why, and its located errors. */
    @Serdeable
    public record RejectionView(String version, String at, String reason, List<ProblemView> errors) {

        static RejectionView of(ServedState.Rejection rejection) {
            return new RejectionView(rejection.version(), rejection.at().toString(), rejection.reason(),
                    rejection.problems().stream().map(ProblemView::of).toList());
        }
    }

    /** A located problem; {@code text} is the one-line {@code file:line:col: message (hint) [CODE]} form. */
    @Serdeable
    public record ProblemView(String code, String file, int line, int column, String message, String hint,
                              String text) {

        static ProblemView of(Problem problem) {
            return new ProblemView(problem.code().name(), problem.origin().file(), problem.origin().line(),
                    problem.origin().column(), problem.message(), problem.hint(), problem.toString());
        }
    }

    /**
     * Every error response outside OFREP: a stable code of {@link ApiError}, a message for people, and the valid
     * names ({@code known}, absent unless a name in the request was wrong).
     */
    @Serdeable
    public record ErrorBody(String error, String message, List<String> known) {
    }
}
