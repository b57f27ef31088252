package dev.gitflags.openfeature;

import dev.openfeature.sdk.EvaluationContext;
import dev.openfeature.sdk.FeatureProvider;
import dev.openfeature.sdk.Metadata;
import dev.openfeature.sdk.ProviderEvaluation;
import dev.openfeature.sdk.Value;

import java.util.List;

/**
 * A benchmark's floor: a provider that only reads the named attributes through gitflags' context adapter, as the
 * rules that test them would, and answers whether all were there. What reading the context costs any provider
 * that reads it this way, with nothing of gitflags' evaluation on top.
 */
public final class AttributeReadingProvider implements FeatureProvider {

    private final List<String> attributes;

    public AttributeReadingProvider(List<String> attributes) {
        this.attributes = List.copyOf(attributes);
    }

    @Override
    public Metadata getMetadata() {
        return () -> "attribute-reading";
    }

    @Override
    public ProviderEvaluation<Boolean> getBooleanEvaluation(String key, Boolean defaultValue, EvaluationContext ctx) {
        OpenFeatureContext context = new OpenFeatureContext(ctx);
        boolean all = true;
        for (int i = 0, size = attributes.size(); i < size; i++) {
            all &= context.attribute(attributes.get(i)) != null;
        }
        return new ProviderEvaluation<>(all, null, "TARGETING_MATCH", null, null, null);
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
