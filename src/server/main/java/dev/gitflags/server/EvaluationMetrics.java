package dev.gitflags.server;

import dev.gitflags.internal.Snapshot;
import dev.gitflags.internal.eval.EvaluationResult;
import dev.gitflags.internal.eval.Reason;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micronaut.context.annotation.Value;
import io.micronaut.core.annotation.Nullable;
import jakarta.inject.Singleton;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * {@code gitflags_evaluations_total{environment, flag, reason}}: every OFREP evaluation, counted on the request
 * path without allocating once a series exists (two map look-ups and an adder).
 *
 * <p>Cardinality is bounded three ways: an environment is always a served one (detection falls back to the
 * default), a flag key the served config does not define counts as {@code _unknown}, and past
 * {@code gitflags.metrics.max-flag-series} (default 1,000) distinct environment-and-flag pairs every further pair
 * counts as {@code _other} of its environment. Reasons are OpenFeature's six. So at most
 * (max + 2 × environments) × 6 series, whatever clients send; neither name can be a flag key, which starts with a
 * letter or digit.
 */
@Singleton
public final class EvaluationMetrics {

    /** The flag tag of a key the served config does not define. */
    public static final String UNKNOWN_FLAG = "_unknown";
    /** The flag tag of the pairs past the series bound. */
    public static final String OTHER_FLAGS = "_other";

    private static final Reason[] REASONS = Reason.values();

    private final MeterRegistry registry;
    private final int maxFlagSeries;
    private final AtomicInteger flagSeries = new AtomicInteger();
    /** environment → flag tag → one counter per reason, by ordinal. */
    private final Map<String, Map<String, Counter[]>> counters = new ConcurrentHashMap<>();

    /** {@code registry} is null when {@code micronaut.metrics.enabled} is false: then nothing is counted. */
    public EvaluationMetrics(@Nullable MeterRegistry registry,
                             @Value("${gitflags.metrics.max-flag-series:1000}") int maxFlagSeries) {
        this.registry = registry;
        this.maxFlagSeries = maxFlagSeries;
    }

    /** Counts one evaluation of {@code key} in {@code environment} of {@code snapshot}. */
    public void count(Snapshot snapshot, String environment, String key, EvaluationResult result) {
        if (registry == null) {
            return;
        }
        Map<String, Counter[]> byFlag = counters.get(environment);
        if (byFlag == null) {
            byFlag = counters.computeIfAbsent(environment, env -> new ConcurrentHashMap<>());
        }
        Counter[] byReason = byFlag.get(key);
        if (byReason == null) {
            byReason = series(byFlag, environment, snapshot, key);
        }
        byReason[result.reason().ordinal()].increment();
    }

    /**
     * The counters of a key seen for the first time in {@code environment}: its own while the bound allows, else
     * the environment's {@code _other}, remembered under the key (defined keys are as many as the config has);
     * an undefined key is looked up as {@code _unknown} each time and never remembered, since clients choose it.
     */
    private Counter[] series(Map<String, Counter[]> byFlag, String environment, Snapshot snapshot, String key) {
        if (!snapshot.flags().containsKey(key)) {
            return byFlag.computeIfAbsent(UNKNOWN_FLAG, tag -> counters(environment, tag));
        }
        Counter[] own = byFlag.computeIfAbsent(key, tag -> {
            if (flagSeries.incrementAndGet() > maxFlagSeries) {
                flagSeries.decrementAndGet();
                return null;
            }
            return counters(environment, tag);
        });
        if (own != null) {
            return own;
        }
        Counter[] other = byFlag.computeIfAbsent(OTHER_FLAGS, tag -> counters(environment, tag));
        byFlag.putIfAbsent(key, other);
        return other;
    }

    private Counter[] counters(String environment, String flag) {
        Counter[] made = new Counter[REASONS.length];
        for (Reason reason : REASONS) {
            made[reason.ordinal()] = Counter.builder("gitflags.evaluations")
                    .description("OFREP evaluations by environment, flag and reason")
                    .tag("environment", environment).tag("flag", flag).tag("reason", reason.name())
                    .register(registry);
        }
        return made;
    }
}
