package dev.gitflags.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gitflags.internal.Snapshot;
import dev.gitflags.internal.eval.EvaluationContext;
import dev.gitflags.internal.eval.EvaluationResult;
import dev.gitflags.internal.eval.Evaluator;
import dev.gitflags.internal.eval.Reason;
import dev.gitflags.internal.flagd.FlagdExport;
import dev.gitflags.testing.Fixtures;
import dev.gitflags.testing.RandomAttributes;
import dev.gitflags.testing.TestRepo;
import dev.openfeature.contrib.providers.flagd.Config;
import dev.openfeature.contrib.providers.flagd.FlagdOptions;
import dev.openfeature.contrib.providers.flagd.FlagdProvider;
import dev.openfeature.flagd.grpc.sync.Sync;
import dev.openfeature.sdk.Client;
import dev.openfeature.sdk.FlagEvaluationDetails;
import dev.openfeature.sdk.ImmutableContext;
import dev.openfeature.sdk.OpenFeatureAPI;
import dev.openfeature.sdk.Value;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.ClientCalls;
import io.grpc.stub.MetadataUtils;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * flagd's gRPC sync (flagd.sync.v1.FlagSyncService) on the real server: flagd's Java provider 0.11.15 in IN_PROCESS
 * mode syncs an environment from it and serves every exported flag with gitflags' values wherever bucketing plays
 * no part (that provider still buckets with the older float formula, not current flagd's) — contains and
 * not_contains included, over {@link Fixtures.FlagdContains}' attributes of every type — and a commit reaches it,
 * as a configuration-changed event, within a second of the server's snapshot swap.
 */
class FlagdGrpcSyncTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private TestRepo repo;
    private FlagServer server;
    private FlagdProvider provider;

    @AfterEach
    void stop() {
        if (provider != null) {
            provider.shutdown();
        }
        if (server != null) {
            server.close();
        }
        repo.close();
    }

    private void start(ApiToken token) throws Exception {
        repo = TestRepo.init(dir).copyFrom(Path.of("example-repo"));
        repo.write("gitflags.yaml", Files.readString(Path.of("example-repo/gitflags.yaml")) + "\nbucketing: flagd\n");
        repo.commit("example");
        serve(token);
    }

    private void serve(ApiToken token) throws Exception {
        ServerOptions options = ServerOptions.of(dir, "main", 0, Duration.ofMillis(100))
                .withProperties(Map.of(FlagdGrpcServer.PORT, 0));
        server = FlagServer.start(token == null ? options : options.withToken(token));
    }

    private Client connect(String domain) throws Exception {
        provider = new FlagdProvider(FlagdOptions.builder().resolverType(Config.Resolver.IN_PROCESS)
                .host("127.0.0.1").port(server.grpcPort().orElseThrow()).selector("production").deadline(5_000)
                .build());
        OpenFeatureAPI.getInstance().setProviderAndWait(domain, provider);
        return OpenFeatureAPI.getInstance().getClient(domain);
    }

    @Test
    void theFlagdJavaProviderServesEveryExportedFlagAsGitflags() throws Exception {
        start(null);
        Client client = connect("flagd-sync-values");
        Snapshot snapshot = server.holder().current().snapshot();
        FlagdExport.Result export = FlagdExport.of(snapshot, "production");
        Map<?, ?> flags = (Map<?, ?>) export.document().get("flags");
        assertTrue(flags.size() >= 8, flags.keySet().toString());
        Random random = new Random(7);
        int compared = 0;
        for (Object key : flags.keySet()) {
            String flag = (String) key;
            boolean bucketed = JSON.writeValueAsString(flags.get(key)).contains("fractional");
            for (int i = 0; i < 300; i++) {
                // a keyed context reaches fractional only in flags that have one: there, only keyless contexts
                String targetingKey = bucketed || i % 3 == 0 ? null : "user-" + i;
                Map<String, Object> attributes = RandomAttributes.pick(random, RandomAttributes.EXAMPLE_REPO);
                EvaluationResult expected = Evaluator.evaluate(snapshot, "production", flag,
                        new EvaluationContext(targetingKey, attributes));
                Object actual = evaluate(client, snapshot, flag, targetingKey, attributes);
                assertTrue(sameJson(expected.value(), actual), flag + " " + targetingKey + " " + attributes
                        + ": gitflags " + expected.value() + ", flagd provider " + actual);
                compared++;
            }
        }
        assertTrue(compared >= 8 * 300);
    }

    @Test
    void theFlagdJavaProviderMatchesContainsAndNotContainsAsGitflags() throws Exception {
        repo = Fixtures.FlagdContains.repo(dir);
        serve(null);
        Client client = connect("flagd-sync-contains");
        Snapshot snapshot = server.holder().current().snapshot();
        FlagdExport.Result export = FlagdExport.of(snapshot, "production");
        assertEquals(List.of(), export.omitted());
        Map<?, ?> flags = (Map<?, ?>) export.document().get("flags");
        assertEquals(6, flags.size(), flags.keySet().toString());
        List<Map<String, Object>> contexts = Fixtures.FlagdContains.contexts();
        for (Object key : flags.keySet()) {
            String flag = (String) key;
            int matched = 0;
            for (Map<String, Object> attributes : contexts) {
                EvaluationResult expected = Evaluator.evaluate(snapshot, "production", flag,
                        new EvaluationContext(null, attributes));
                Object actual = evaluate(client, snapshot, flag, null, attributes);
                assertTrue(sameJson(expected.value(), actual), flag + " " + attributes + ": gitflags "
                        + expected.value() + ", flagd provider " + actual);
                matched += expected.reason() == Reason.TARGETING_MATCH ? 1 : 0;
            }
            // the contexts tell matches from misses: each flag matches some and not all
            assertTrue(matched > 0 && matched < contexts.size(), flag + ": " + matched);
        }
    }

    @Test
    void aCommitReachesTheProviderWithinASecondOfTheSwap() throws Exception {
        start(null);
        Client client = connect("flagd-sync-events");
        assertEquals(600, client.getIntegerValue("api-rate-limit", -1));
        BlockingQueue<Instant> changes = new ArrayBlockingQueue<>(16);
        client.onProviderConfigurationChanged(event -> changes.offer(Instant.now()));
        Instant before = server.holder().current().loadedAt();

        repo.write("flags/platform.yaml", Files.readString(dir.resolve("flags/platform.yaml"))
                .replaceFirst("default_value: 600", "default_value: 700"));
        repo.commit("api-rate-limit 700");
        Instant changed = changes.poll(20, TimeUnit.SECONDS);
        assertNotNull(changed, "no configuration-changed event");
        Instant swapped = server.holder().current().loadedAt();
        assertTrue(swapped.isAfter(before), "the server has not swapped");
        Duration latency = Duration.between(swapped, changed);
        assertTrue(latency.compareTo(Duration.ofSeconds(1)) < 0, "event " + latency + " after the swap");
        assertEquals(700, client.getIntegerValue("api-rate-limit", -1));
    }

    @Test
    void fetchAllFlagsNeedsTheTokenAndTheSelectorNamesTheEnvironment() throws Exception {
        start(ApiToken.of("s3cret-token"));
        ManagedChannel channel = NettyChannelBuilder.forAddress("127.0.0.1", server.grpcPort().orElseThrow())
                .usePlaintext().build();
        try {
            Sync.FetchAllFlagsRequest request = Sync.FetchAllFlagsRequest.newBuilder().build();
            StatusRuntimeException refused = assertThrows(StatusRuntimeException.class, () -> ClientCalls.blockingUnaryCall(
                    channel, FlagSyncService.FETCH_ALL_FLAGS, io.grpc.CallOptions.DEFAULT, request));
            assertEquals(io.grpc.Status.Code.UNAUTHENTICATED, refused.getStatus().getCode());

            Metadata headers = new Metadata();
            headers.put(Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER), "Bearer s3cret-token");
            headers.put(Metadata.Key.of("flagd-selector", Metadata.ASCII_STRING_MARSHALLER), "staging");
            io.grpc.Channel authorized = io.grpc.ClientInterceptors.intercept(channel,
                    MetadataUtils.newAttachHeadersInterceptor(headers));
            Sync.FetchAllFlagsResponse response = ClientCalls.blockingUnaryCall(authorized,
                    FlagSyncService.FETCH_ALL_FLAGS, io.grpc.CallOptions.DEFAULT, request);
            JsonNode document = JSON.readTree(response.getFlagConfiguration());
            assertEquals("staging", document.get("metadata").get("flagSetId").asText());

            Metadata tokenOnly = new Metadata();
            tokenOnly.put(Metadata.Key.of("x-api-key", Metadata.ASCII_STRING_MARSHALLER), "s3cret-token");
            io.grpc.Channel keyed = io.grpc.ClientInterceptors.intercept(channel,
                    MetadataUtils.newAttachHeadersInterceptor(tokenOnly));
            StatusRuntimeException unknown = assertThrows(StatusRuntimeException.class, () -> ClientCalls.blockingUnaryCall(
                    keyed, FlagSyncService.FETCH_ALL_FLAGS, io.grpc.CallOptions.DEFAULT,
                    Sync.FetchAllFlagsRequest.newBuilder().setSelector("qa-legacy").build()));
            assertEquals(io.grpc.Status.Code.NOT_FOUND, unknown.getStatus().getCode());
        } finally {
            channel.shutdownNow();
        }
    }

    @Test
    void anEvaluateOnlyTokenGetsNoDefinitions() throws Exception {
        start(ApiToken.of("s3cret-token").withScoped(ApiToken.Scope.EVALUATE, "values-only"));
        ManagedChannel channel = NettyChannelBuilder.forAddress("127.0.0.1", server.grpcPort().orElseThrow())
                .usePlaintext().build();
        try {
            Metadata headers = new Metadata();
            headers.put(Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER), "Bearer values-only");
            io.grpc.Channel evaluateOnly = io.grpc.ClientInterceptors.intercept(channel,
                    MetadataUtils.newAttachHeadersInterceptor(headers));
            StatusRuntimeException refused = assertThrows(StatusRuntimeException.class, () -> ClientCalls.blockingUnaryCall(
                    evaluateOnly, FlagSyncService.FETCH_ALL_FLAGS, io.grpc.CallOptions.DEFAULT,
                    Sync.FetchAllFlagsRequest.newBuilder().build()));
            assertEquals(io.grpc.Status.Code.PERMISSION_DENIED, refused.getStatus().getCode());
        } finally {
            channel.shutdownNow();
        }
    }

    private static Object evaluate(Client client, Snapshot snapshot, String flag, String targetingKey,
                                   Map<String, Object> attributes) {
        Map<String, Value> values = new HashMap<>();
        attributes.forEach((name, value) -> values.put(name, Value.objectToValue(value)));
        ImmutableContext context = targetingKey == null ? new ImmutableContext(values)
                : new ImmutableContext(targetingKey, values);
        FlagEvaluationDetails<?> details = switch (snapshot.flags().get(flag).type()) {
            case BOOLEAN -> client.getBooleanDetails(flag, !Boolean.TRUE, context);
            case STRING -> client.getStringDetails(flag, "\u0000default", context);
            case NUMBER -> client.getDoubleDetails(flag, Double.NaN, context);
            case JSON -> client.getObjectDetails(flag, new Value("\u0000default"), context);
        };
        assertEquals(null, details.getErrorCode(), flag + ": " + details);
        Object value = details.getValue();
        return value instanceof Value structured ? structured.asStructure().asObjectMap() : value;
    }

    private static boolean sameJson(Object expected, Object actual) {
        JsonNode left = JSON.valueToTree(expected);
        JsonNode right = JSON.valueToTree(actual);
        return left.equals((a, b) -> a.isNumber() && b.isNumber() ? a.decimalValue().compareTo(b.decimalValue())
                : a.equals(b) ? 0 : 1, right);
    }

}
