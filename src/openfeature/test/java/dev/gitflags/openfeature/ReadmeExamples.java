package dev.gitflags.openfeature;

import dev.gitflags.ConfigRepository;
import dev.gitflags.Context;
import dev.gitflags.Evaluation;
import dev.gitflags.Follower;
import dev.gitflags.LoadOutcome;
import dev.gitflags.Snapshot;
import dev.openfeature.sdk.Client;
import dev.openfeature.sdk.ImmutableContext;
import dev.openfeature.sdk.OpenFeatureAPI;
import dev.openfeature.sdk.ThreadLocalTransactionContextPropagator;
import dev.openfeature.sdk.Value;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/**
 * The README's "Use from Java" examples, verbatim: each region between {@code // begin NAME} and {@code // end NAME}
 * is the README's code block marked {@code <!-- example NAME -->}; {@link ReadmeExamplesTest} checks both are equal
 * and runs them.
 */
final class ReadmeExamples {

    private ReadmeExamples() {
    }

    static void api(Path repository) throws IOException {
        // begin api
        // Load once: a commit of a git repository (bare works, nothing is checked out).
        LoadOutcome outcome = ConfigRepository.gitRef(repository, "main").load();
        if (!outcome.isValid()) {
            outcome.problems().forEach(System.err::println); // file:line:column: message [CODE]
            return;
        }
        Snapshot snapshot = outcome.orThrow();
        Context user = Context.of("user-42", Map.of("plan", "beta"));
        Evaluation checkout = snapshot.evaluate("staging", "new-checkout", user);
        System.out.println(checkout.value() + " " + checkout.reason()); // true TARGETING_MATCH

        // Or follow the ref: a background thread polls it and keeps the last valid snapshot.
        try (Follower follower = ConfigRepository.gitRef(repository, "main")
                .follow(Duration.ofSeconds(5), event -> System.out.println(event.version()))) {
            Snapshot current = follower.current().orElseThrow(); // never blocks
            System.out.println(current.evaluate("dev", "max-items", user).value()); // 1000
        }
        // end api
    }

    static void provider(Path repository) {
        // begin provider
        OpenFeatureAPI api = OpenFeatureAPI.getInstance();
        api.setTransactionContextPropagator(new ThreadLocalTransactionContextPropagator());
        api.onProviderConfigurationChanged(event -> System.out.println("changed " + event.getFlagsChanged()));
        api.onProviderStale(event -> System.err.println(event.getMessage())); // an invalid commit
        api.setProviderAndWait(GitflagsProvider.following(ConfigRepository.gitRef(repository, "main"))
                .environmentAttribute("environment") // or .environment("production")
                .poll(Duration.ofSeconds(5))
                .build()); // loads the current commit, then follows the ref

        // per request, e.g. in a web filter: this thread's requests evaluate in staging
        api.setTransactionContext(new ImmutableContext(Map.of("environment", new Value("staging"))));
        Client client = api.getClient();
        boolean on = client.getBooleanValue("new-checkout", false,
                new ImmutableContext("user-42", Map.of("plan", new Value("beta"))));
        System.out.println("new-checkout " + on); // new-checkout true
        api.shutdown(); // stops the provider's threads
        // end provider
    }
}
