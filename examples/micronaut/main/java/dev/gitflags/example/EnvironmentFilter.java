package dev.gitflags.example;

import dev.openfeature.sdk.ImmutableContext;
import dev.openfeature.sdk.OpenFeatureAPI;
import dev.openfeature.sdk.Value;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.annotation.RequestFilter;
import io.micronaut.http.annotation.ResponseFilter;
import io.micronaut.http.annotation.ServerFilter;

import java.util.Map;

/**
 * Sets the OpenFeature transaction context of each request from its {@code X-Environment} header, so every flag
 * the request evaluates uses that environment (an unknown one falls back to {@code default_environment}), and clears
 * it when the response leaves, so the thread's next request starts clean.
 */
@ServerFilter("/**")
public final class EnvironmentFilter {

    @RequestFilter
    public void enter(HttpRequest<?> request) {
        String environment = request.getHeaders().get("X-Environment");
        OpenFeatureAPI.getInstance().setTransactionContext(environment == null ? new ImmutableContext()
                : new ImmutableContext(Map.of(FeatureFlags.ENVIRONMENT, new Value(environment))));
    }

    @ResponseFilter
    public void leave() {
        OpenFeatureAPI.getInstance().setTransactionContext(new ImmutableContext());
    }
}
