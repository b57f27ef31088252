package dev.gitflags.example;

import dev.gitflags.ConfigRepository;
import dev.gitflags.openfeature.GitflagsProvider;
import dev.openfeature.sdk.Client;
import dev.openfeature.sdk.OpenFeatureAPI;
import dev.openfeature.sdk.ThreadLocalTransactionContextPropagator;
import io.micronaut.context.annotation.Context;
import io.micronaut.context.annotation.Value;
import jakarta.annotation.PreDestroy;

import java.nio.file.Path;
import java.time.Duration;

/**
 * OpenFeature set up once: gitflags' provider following {@code gitflags.repo} at {@code gitflags.ref}, the
 * environment read per evaluation from the {@code environment} attribute, which {@link EnvironmentFilter} puts in
 * each request's transaction context. Shutting down stops the provider's threads. Created at start-up
 * ({@code @Context}), so the thread-local propagator is in place before the first request's filter sets a context,
 * and the first load happens before the server accepts requests.
 */
@Context
public final class FeatureFlags {

    /** The context attribute that names the environment. */
    static final String ENVIRONMENT = "environment";

    private final Client client;

    public FeatureFlags(@Value("${gitflags.repo}") String repo, @Value("${gitflags.ref:HEAD}") String ref) {
        OpenFeatureAPI api = OpenFeatureAPI.getInstance();
        api.setTransactionContextPropagator(new ThreadLocalTransactionContextPropagator());
        api.setProviderAndWait(GitflagsProvider.following(ConfigRepository.gitRef(Path.of(repo), ref))
                .environmentAttribute(ENVIRONMENT)
                .poll(Duration.ofSeconds(5))
                .build());
        client = api.getClient();
    }

    public Client client() {
        return client;
    }

    @PreDestroy
    void shutdown() {
        OpenFeatureAPI.getInstance().shutdown();
    }
}
