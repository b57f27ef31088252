package dev.gitflags.internal.eval;

import dev.gitflags.Context;
import dev.gitflags.internal.Snapshot;
import dev.gitflags.internal.graph.ResolvedEnvironment;
import dev.gitflags.internal.graph.ResolvedFlag;
import dev.gitflags.internal.graph.Suggestions;
import dev.gitflags.internal.model.Environment;
import dev.gitflags.internal.model.FlagType;
import dev.gitflags.internal.model.Rule;
import dev.gitflags.internal.model.Serve;
import dev.gitflags.internal.model.Variant;

import java.util.List;

/**
 * Evaluates resolved flags for a context. Pure and allocation-light: conditions were compiled at load time, the
 * hash runs without building strings, and the only object made on the way is the result.
 *
 * <p>The order (first that applies wins):
 * <ol>
 *   <li>status inactive/archived or {@code enabled: false} → {@link Reason#DISABLED} with the disabled value
 *       ({@code false} for boolean flags, else {@code default_value});</li>
 *   <li>the rules by priority, skipping disabled ones: the first whose conditions all match and whose
 *       {@code rollout_percentage} admits the targeting key serves → {@link Reason#TARGETING_MATCH};</li>
 *   <li>variants: the variant bucket picks one → {@link Reason#SPLIT};</li>
 *   <li>{@code rollout_percentage}: admitted → {@link Reason#SPLIT} with the enabled value ({@code true} for
 *       boolean flags, else {@code default_value}); not admitted → {@link Reason#DEFAULT} with the disabled value;</li>
 *   <li>{@code default_value}: {@link Reason#STATIC} when the flag has no enabled rules, no variants and no
 *       rollout, else {@link Reason#DEFAULT}.</li>
 * </ol>
 * A missing targeting key (null or empty) is outside every partial rollout and every split; it is never an error.
 * See {@link Bucketing} for the hashing and {@link Operators} for how conditions compare. The order is written
 * once, in {@link EvaluationSteps}, which {@link FlagBehaviour} reads too.
 */
public final class Evaluator {

    private Evaluator() {
    }

    /** Evaluates one resolved flag. Never throws for any context; a null context is an empty one. */
    public static EvaluationResult evaluate(ResolvedFlag flag, Context context) {
        if (flag == null) {
            return EvaluationResult.error(null, ErrorCode.FLAG_NOT_FOUND, "no flag given");
        }
        try {
            return evaluateFlag(flag, context == null ? EvaluationContext.EMPTY : context);
        } catch (RuntimeException e) {
            return EvaluationResult.failed(flag.key(), e);
        }
    }

    /**
     * Evaluates {@code key} in {@code environment}: FLAG_NOT_FOUND when the flag does not exist, GENERAL when the
     * environment is unknown or not served (inactive / not allowed). Never throws.
     */
    public static EvaluationResult evaluate(Snapshot snapshot, String environment, String key,
                                            Context context) {
        if (snapshot == null) {
            return EvaluationResult.error(key, ErrorCode.GENERAL, "no configuration is loaded");
        }
        if (environment == null) {
            return EvaluationResult.error(key, ErrorCode.GENERAL, "no environment given");
        }
        Environment env = snapshot.environments().get(environment);
        if (env == null) {
            // slugs are at most 63 characters; a longer name gets no suggestion, so no request can make us work hard
            String hint = environment.length() > 63 ? "not a valid environment slug"
                    : Suggestions.hint("environment", environment, snapshot.environments().keySet());
            return EvaluationResult.error(key, ErrorCode.GENERAL, "unknown environment '" + environment + "' ("
                    + hint + ")");
        }
        if (!env.active()) {
            return EvaluationResult.error(key, ErrorCode.GENERAL,
                    "environment '" + environment + "' is inactive (active: false) and is not served");
        }
        if (!snapshot.settings().allows(environment)) {
            return EvaluationResult.error(key, ErrorCode.GENERAL,
                    "environment '" + environment + "' is not in allowed_environments of gitflags.yaml");
        }
        ResolvedEnvironment resolved = snapshot.resolved().get(environment);
        ResolvedFlag flag = resolved == null || key == null ? null : resolved.flag(key);
        if (flag == null) {
            return EvaluationResult.error(key, ErrorCode.FLAG_NOT_FOUND,
                    "flag '" + key + "' does not exist in environment '" + environment + "'");
        }
        return evaluate(flag, context);
    }

    private static EvaluationResult evaluateFlag(ResolvedFlag flag, Context context) {
        return EvaluationSteps.walk(flag, FirstTaken.INSTANCE, context);
    }

    /** The evaluator's visitor of the steps: the first branch the context passes gives the result. */
    private enum FirstTaken implements EvaluationSteps.Branches<Context, EvaluationResult> {
        INSTANCE;

        @Override
        public EvaluationResult always(ResolvedFlag flag, Object value, Reason reason, Context context) {
            return EvaluationSteps.result(flag, value, null, reason);
        }

        @Override
        public EvaluationResult rule(ResolvedFlag flag, Rule rule, Context context) {
            return EvaluationSteps.takes(rule, flag.key(), flag.bucketing(), context) ? EvaluationSteps.serve(flag, rule) : null;
        }

        @Override
        public EvaluationResult split(ResolvedFlag flag, List<Variant> variants, Context context) {
            Variant picked = Bucketing.pick(flag.bucketing(), variants, flag.key(), context.targetingKey());
            return picked == null ? null : EvaluationSteps.result(flag, picked.value(), picked.key(), Reason.SPLIT);
        }

        @Override
        public EvaluationResult rollout(ResolvedFlag flag, int percentage, Object value, Reason reason,
                                        Context context) {
            return Bucketing.flagAdmits(flag.bucketing(), percentage, flag.key(), context.targetingKey())
                    ? EvaluationSteps.result(flag, value, null, reason) : null;
        }
    }

    /**
     * What a matching rule serves in a flag of {@code type}: its variant; with {@code enabled: false} what a
     * disabled flag serves ({@link #whenDisabled}); its own value; without one, what an enabled flag serves
     * ({@link #whenEnabled}). The one statement of that rule: evaluation and every view ask it.
     */
    public static Served served(FlagType type, Serve serve) {
        if (serve == null) {
            return whenEnabled(type);
        }
        if (serve.isVariant()) {
            return Served.variant(serve.variant());
        }
        if (!serve.enabled()) {
            return whenDisabled(type);
        }
        return serve.value() != null ? Served.value(serve.value()) : whenEnabled(type);
    }

    /**
     * What a disabled flag of {@code type} serves, and a rollout to a key it does not admit: false for boolean
     * flags, else the default value.
     */
    public static Served whenDisabled(FlagType type) {
        return type == FlagType.BOOLEAN ? Served.FALSE : Served.DEFAULT_VALUE;
    }

    /**
     * What an enabled flag of {@code type} serves without a value of its own (a rule's bare {@code serve}, a rollout
     * that admits the key): true for boolean flags, else the default value.
     */
    public static Served whenEnabled(FlagType type) {
        return type == FlagType.BOOLEAN ? Served.TRUE : Served.DEFAULT_VALUE;
    }
}
