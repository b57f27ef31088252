package dev.gitflags.openfeature;

import dev.openfeature.sdk.EvaluationContext;
import dev.openfeature.sdk.FeatureProvider;
import dev.openfeature.sdk.Metadata;
import dev.openfeature.sdk.ProviderEvaluation;
import dev.openfeature.sdk.Value;

import java.util.List;

/**
 * A benchmark's floor: a provider that only reads the five attributes OpenFeatureBenchmark's targeted rules test
 * through gitflags' context adapter, and answers whether all were there. What reading the context costs a provider
 * that reads it this way, with nothing of gitflags' evaluation on top; the names are constants, which the JIT may
 * fold (an evaluator reads them from its rules), so this is the cheapest such read.
 */
public final class AttributeReadingProvider implements FeatureProvider {

    /** What the targeted flag's rules read, in order: the first rule's two, the second's first, the third's two. */
    public static final List<String> TARGETED_ATTRIBUTES = List.of("country", "plan", "email", "region", "age");
    private static final String[] NAMES = TARGETED_ATTRIBUTES.toArray(String[]::new);

    @Override
    public Metadata getMetadata() {
        return () -> "attribute-reading";
    }

    @Override
    public ProviderEvaluation<Boolean> getBooleanEvaluation(String key, Boolean defaultValue, EvaluationContext ctx) {
        OpenFeatureContext context = new OpenFeatureContext(ctx);
        int found = 0;
        for (String name : NAMES) {
            found += context.attribute(name) != null ? 1 : 0;
        }
        return new ProviderEvaluation<>(found == NAMES.length, null, "TARGETING_MATCH", null, null, null);
    }

    @Override
    public ProviderEvaluation<String> getStringEvaluation(String key, String defaultValue, EvaluationContext ctx) {
        throw new UnsupportedOperationException("boolean flags only");
    }

    @Override
    public ProviderEvaluation<Integer> getIntegerEvaluation(String key, Integer defaultValue, EvaluationContext ctx) {
        throw new UnsupportedOperationException("boolean flags only");
    }

    @Override
    public ProviderEvaluation<Double> getDoubleEvaluation(String key, Double defaultValue, EvaluationContext ctx) {
        throw new UnsupportedOperationException("boolean flags only");
    }

    @Override
    public ProviderEvaluation<Value> getObjectEvaluation(String key, Value defaultValue, EvaluationContext ctx) {
        throw new UnsupportedOperationException("boolean flags only");
    }
}
