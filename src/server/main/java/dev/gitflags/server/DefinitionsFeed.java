package dev.gitflags.server;

import dev.gitflags.internal.Snapshot;
import dev.gitflags.internal.graph.ResolvedEnvironment;
import dev.gitflags.internal.sync.FeedReader;
import dev.gitflags.server.ApiResponses.FlagView;
import io.micronaut.json.JsonMapper;
import io.micronaut.serde.annotation.Serdeable;
import jakarta.inject.Singleton;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.TreeMap;

/**
 * One environment's resolved flag definitions as the sync feed serves them ({@code GET /sync/v1/environments/{env}}):
 * what an in-process evaluator needs, and nothing of the commit or the files' lines, so the body changes exactly when
 * what that environment serves changes. Its digest is the environment's <em>definitions digest</em>: the sync
 * feed's ETag, the first part of the OFREP bulk ETag and the {@code etag} of the stream's change events. A commit
 * that leaves an environment's definitions alone leaves its digest alone, so its clients hear nothing.
 */
@Singleton
public final class DefinitionsFeed {

    /** The value of {@link Body#format}: bumped, with the path, when the JSON changes incompatibly. */
    public static final String FORMAT = FeedReader.FORMAT;

    private final JsonMapper json;

    public DefinitionsFeed(JsonMapper json) {
        this.json = json;
    }

    /**
     * The sync feed's JSON: {@code format}, {@code environment}, {@code maxAttributeLength} (longer string
     * attributes match no condition), {@code bucketing} (how rollouts and splits bucket a targeting key) and
     * {@code flags}, each as {@code GET /api/v1/environments/{env}/flags} gives it, in key order. Read back by
     * core's {@link FeedReader}, the one reader of this JSON.
     */
    @Serdeable
    public record Body(String format, String environment, int maxAttributeLength, String bucketing,
                       List<FlagView> flags) {
    }

    /** The feed of {@code env}, which {@code state} serves; rendered once per snapshot. */
    public byte[] body(ServedState state, String env) {
        return state.rendered().get("sync\n" + env, () -> {
            Snapshot snapshot = state.snapshot();
            ResolvedEnvironment resolved = snapshot.resolvedEnvironment(env).orElseThrow();
            List<FlagView> flags = new TreeMap<>(resolved.flags()).values().stream()
                    .map(flag -> FlagView.of(env, flag, false))
                    .toList();
            try {
                return json.writeValueAsBytes(new Body(FORMAT, env, snapshot.settings().maxAttributeLength(),
                        snapshot.settings().bucketing().yamlName(), flags));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot render the sync feed of " + env, e);
            }
        });
    }

    /** The definitions digest of {@code env} (16 hex digits), which {@code state} serves. */
    public String digest(ServedState state, String env) {
        byte[] digest = state.rendered().get("digest\n" + env,
                () -> ETags.digest(body(state, env)).getBytes(StandardCharsets.US_ASCII));
        return new String(digest, StandardCharsets.US_ASCII);
    }
}
