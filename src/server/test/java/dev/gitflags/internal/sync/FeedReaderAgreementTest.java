package dev.gitflags.internal.sync;

import dev.gitflags.internal.LoadResult;
import dev.gitflags.internal.Snapshot;
import dev.gitflags.internal.eval.EvaluationContext;
import dev.gitflags.internal.eval.EvaluationResult;
import dev.gitflags.internal.eval.Evaluator;
import dev.gitflags.server.FlagServer;
import dev.gitflags.server.ServerOptions;
import dev.gitflags.server.SyncController;
import dev.gitflags.testing.RandomAttributes;
import dev.gitflags.testing.TestRepo;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The two sides of the sync feed agree: every environment example-repo serves, taken through the real server's
 * {@code GET /sync/v1/environments/{env}} and back through core's {@link FeedReader}, evaluates every flag as the
 * server's own snapshot does — value, variant, reason, error and metadata — for many contexts, under both bucketing
 * schemes (a split or rollout that bucketed differently would show).
 */
class FeedReaderAgreementTest {

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @TempDir
    Path dir;

    @ParameterizedTest
    @ValueSource(strings = {"gitflags", "flagd"})
    void everyEnvironmentEvaluatesThroughTheFeedAsOnTheServer(String bucketing) throws Exception {
        try (TestRepo repo = TestRepo.init(dir).copyFrom(Path.of("example-repo"))) {
            repo.write("gitflags.yaml", Files.readString(Path.of("example-repo/gitflags.yaml"))
                    + "\nbucketing: " + bucketing + "\n");
            repo.commit("example");
            try (FlagServer server = FlagServer.start(ServerOptions.of(dir, "main", 0, Duration.ofSeconds(30)))) {
                Snapshot local = server.holder().current().snapshot();
                int environments = 0;
                int compared = 0;
                for (String env : local.environments().keySet()) {
                    if (!local.serves(env)) {
                        continue;
                    }
                    HttpResponse<byte[]> feed = HTTP.send(HttpRequest.newBuilder(
                            URI.create(server.url() + "/sync/v1/environments/" + env)).build(),
                            HttpResponse.BodyHandlers.ofByteArray());
                    assertEquals(200, feed.statusCode(), env);
                    String commit = feed.headers().firstValue(SyncController.COMMIT_HEADER).orElseThrow();
                    LoadResult read = FeedReader.read(feed.body(), "feed of " + env, commit);
                    assertTrue(read.isValid(), env + ": " + read.problems());
                    assertEquals(java.util.List.of(), read.problems(), env);
                    Snapshot remote = read.snapshot();
                    assertEquals(local.commit(), remote.commit());
                    assertEquals(local.resolvedEnvironment(env).orElseThrow().flags().keySet(),
                            remote.resolvedEnvironment(env).orElseThrow().flags().keySet(), env);
                    Random random = new Random(env.hashCode());
                    for (String key : local.resolvedEnvironment(env).orElseThrow().flags().keySet()) {
                        for (int i = 0; i < 200; i++) {
                            String targetingKey = i % 5 == 0 ? null : "user-" + random.nextInt(10_000);
                            Map<String, Object> attributes = RandomAttributes.pick(random, RandomAttributes.EXAMPLE_REPO);
                            EvaluationContext context = new EvaluationContext(targetingKey, attributes);
                            EvaluationResult expected = Evaluator.evaluate(local, env, key, context);
                            EvaluationResult actual = Evaluator.evaluate(remote, env, key, context);
                            String what = env + " " + key + " " + targetingKey + " " + attributes;
                            assertEquals(expected.value(), actual.value(), what);
                            assertEquals(expected.variant(), actual.variant(), what);
                            assertEquals(expected.reason(), actual.reason(), what);
                            assertEquals(expected.errorCode(), actual.errorCode(), what);
                            assertEquals(expected.metadata(), actual.metadata(), what);
                            compared++;
                        }
                    }
                    environments++;
                }
                assertTrue(environments >= 5, "environments compared: " + environments);
                assertTrue(compared >= 5 * 8 * 200, "evaluations compared: " + compared);
            }
        }
    }
}
