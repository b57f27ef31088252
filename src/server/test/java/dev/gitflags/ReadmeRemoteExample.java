package dev.gitflags;

import dev.gitflags.openfeature.GitflagsProvider;
import dev.openfeature.sdk.ImmutableContext;
import dev.openfeature.sdk.OpenFeatureAPI;
import dev.openfeature.sdk.Value;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/**
 * The README's "From a gitflags server" example, verbatim: the region between {@code // begin remote} and
 * {@code // end remote} is the README's code block marked {@code <!-- example remote -->}. The openfeature module's
 * {@code ReadmeExamplesTest} checks both are equal; {@code RemoteSourceTest} runs it against the real server (this
 * module's tests are the ones that have one).
 */
final class ReadmeRemoteExample {

    private ReadmeRemoteExample() {
    }

    /** Follows {@code server}'s production environment as the default provider; what a beta user's checkout is. */
    static boolean remote(URI server, Path tokenFile, Path savedCopy) throws IOException {
        // begin remote
        RemoteSource source = RemoteSource.builder(server, "production") // e.g. URI.create("https://flags.internal")
                .token(Files.readString(tokenFile)) // definitions scope, e.g. /run/secrets/gitflags-definitions
                .saveTo(savedCopy) // for restarts during an outage, e.g. /var/cache/shop/flags-production.json
                .build();
        OpenFeatureAPI api = OpenFeatureAPI.getInstance();
        api.setProviderAndWait(GitflagsProvider.following(source)
                .poll(Duration.ofSeconds(5)) // how often the feed is asked while the stream is down
                .build()); // READY once the feed is read and saved
        boolean on = api.getClient().getBooleanValue("new-checkout", false,
                new ImmutableContext("user-42", Map.of("plan", new Value("beta")))); // true: evaluated in process
        // end remote
        return on;
    }
}
