package dev.gitflags.server;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableMap;
import dev.gitflags.testing.Fixtures;
import dev.gitflags.testing.TestRepo;
import dev.openfeature.contrib.providers.ofrep.OfrepProvider;
import dev.openfeature.contrib.providers.ofrep.OfrepProviderOptions;
import dev.openfeature.sdk.Client;
import dev.openfeature.sdk.ErrorCode;
import dev.openfeature.sdk.FlagEvaluationDetails;
import dev.openfeature.sdk.ImmutableContext;
import dev.openfeature.sdk.OpenFeatureAPI;
import dev.openfeature.sdk.Structure;
import dev.openfeature.sdk.Value;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The real OpenFeature Java SDK with the OFREP provider, pointed at a real server. */
class OpenFeatureSdkTest {

    @TempDir
    static Path dir;

    static TestRepo repo;
    static FlagServer server;
    static Client production;
    static Client staging;

    @BeforeAll
    static void start() throws Exception {
        repo = Fixtures.Serving.repo(dir);
        server = FlagServer.start(ServerOptions.of(dir, "HEAD", 0, Duration.ofSeconds(30)));
        String url = "http://127.0.0.1:" + server.port();
        OpenFeatureAPI api = OpenFeatureAPI.getInstance();
        api.setProviderAndWait("gitflags-production",
                OfrepProvider.constructProvider(OfrepProviderOptions.builder().baseUrl(url).build()));
        api.setProviderAndWait("gitflags-staging", OfrepProvider.constructProvider(OfrepProviderOptions.builder()
                .baseUrl(url)
                .headers(ImmutableMap.of("X-Environment", ImmutableList.of("staging")))
                .build()));
        production = api.getClient("gitflags-production");
        staging = api.getClient("gitflags-staging");
    }

    @AfterAll
    static void stop() {
        OpenFeatureAPI.getInstance().shutdown();
        server.close();
        repo.close();
    }

    @Test
    void booleanFlagWithATargetingMatch() {
        FlagEvaluationDetails<Boolean> beta = production.getBooleanDetails("new-checkout", false,
                new ImmutableContext("user-1", Map.of("plan", new Value("beta"))));
        assertTrue(beta.getValue());
        assertEquals("TARGETING_MATCH", beta.getReason());
        assertNull(beta.getErrorCode());

        FlagEvaluationDetails<Boolean> free = production.getBooleanDetails("new-checkout", true,
                new ImmutableContext("user-1", Map.of("plan", new Value("free"))));
        assertFalse(free.getValue());
        assertNull(free.getErrorCode());
    }

    @Test
    void stringFlagFollowsTheEnvironmentHeader() {
        assertEquals("Welcome", production.getStringValue("banner-text", "fallback", new ImmutableContext("u")));
        assertEquals("Welcome to staging", staging.getStringValue("banner-text", "fallback", new ImmutableContext("u")));
    }

    @Test
    void numberFlagsAsIntegerAndDouble() {
        FlagEvaluationDetails<Integer> items = production.getIntegerDetails("max-items", 0, new ImmutableContext("u"));
        assertEquals(50, items.getValue());
        assertNull(items.getErrorCode());
        FlagEvaluationDetails<Double> rate = production.getDoubleDetails("discount-rate", 0.0, new ImmutableContext("u"));
        assertEquals(0.15, rate.getValue(), 1e-9);
        assertNull(rate.getErrorCode());
    }

    @Test
    void objectFlag() {
        FlagEvaluationDetails<Value> theme = production.getObjectDetails("theme", new Value(),
                new ImmutableContext("u"));
        assertNull(theme.getErrorCode());
        Structure structure = theme.getValue().asStructure();
        assertEquals("blue", structure.getValue("color").asString());
        assertEquals(3, structure.getValue("size").asInteger());
    }

    @Test
    void splitAssignsAStableVariant() {
        FlagEvaluationDetails<String> first = production.getStringDetails("button-color", "none",
                new ImmutableContext("user-42"));
        assertEquals("SPLIT", first.getReason());
        assertTrue(Set.of("green", "red").contains(first.getValue()), first.getValue());
        assertEquals(first.getValue(), first.getVariant());
        for (int i = 0; i < 3; i++) {
            assertEquals(first.getValue(), production.getStringValue("button-color", "none",
                    new ImmutableContext("user-42")));
        }
    }

    @Test
    void unknownFlagGivesTheCallersDefaultAndFlagNotFound() {
        FlagEvaluationDetails<String> missing = production.getStringDetails("no-such-flag", "fallback",
                new ImmutableContext("u"));
        assertEquals("fallback", missing.getValue());
        assertEquals(ErrorCode.FLAG_NOT_FOUND, missing.getErrorCode());
    }
}
