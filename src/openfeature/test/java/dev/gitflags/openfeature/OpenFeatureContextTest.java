package dev.gitflags.openfeature;

import dev.openfeature.sdk.EvaluationContext;
import dev.openfeature.sdk.ImmutableContext;
import dev.openfeature.sdk.ImmutableStructure;
import dev.openfeature.sdk.LayeredEvaluationContext;
import dev.openfeature.sdk.MutableContext;
import dev.openfeature.sdk.Value;
import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The provider's reading of OpenFeature contexts answers exactly what the SDK's own {@code getValue} answers, layer
 * precedence included, whether it reads the layers' maps directly or falls back to {@code getValue}.
 */
class OpenFeatureContextTest {

    private static final EvaluationContext API = new ImmutableContext(Map.of("who", new Value("api"),
            "api-only", new Value(1), "plan", new Value("free")));
    private static final EvaluationContext TRANSACTION = new ImmutableContext(Map.of("who", new Value("transaction"),
            "environment", new Value("staging")));
    private static final EvaluationContext CLIENT = mutable(Map.of("who", new Value("client"),
            "client-only", new Value(true)));
    private static final EvaluationContext INVOCATION = new ImmutableContext("user-7", Map.of(
            "who", new Value("invocation"), "age", new Value(34), "ratio", new Value(0.5),
            "groups", new Value(List.of(new Value("beta"), new Value(3))),
            "address", new Value(new ImmutableStructure(Map.of("country", new Value("NL")))),
            "created", new Value(java.time.Instant.parse("2026-01-02T03:04:05Z"))));

    @Test
    void aLayeredContextIsReadAsTheSdkReadsIt() {
        EvaluationContext layered = new LayeredEvaluationContext(API, TRANSACTION, CLIENT, INVOCATION);
        assertReadsAsGetValue(layered);
        EvaluationContext hooked = layered
                .merge(new ImmutableContext(Map.of("who", new Value("first hook"), "hook", new Value("one"))))
                .merge(new ImmutableContext(Map.of("who", new Value("second hook"))));
        assertReadsAsGetValue(hooked);
        assertEquals("second hook", new OpenFeatureContext(hooked).attribute("who"), "the last hook's context wins");
        assertEquals("one", new OpenFeatureContext(hooked).attribute("hook"));
        assertEquals("staging", new OpenFeatureContext(hooked).attribute("environment"));
        assertEquals(34L, new OpenFeatureContext(hooked).attribute("age"));
        assertEquals("user-7", new OpenFeatureContext(hooked).targetingKey());
    }

    @Test
    void aLayerThatIsNotOneOfTheSdksMapBackedContextsIsReadThroughGetValue() {
        EvaluationContext own = new MutableContext(Map.of("who", new Value("own"), "own-only", new Value("x"))) {
        };
        EvaluationContext layered = new LayeredEvaluationContext(API, TRANSACTION, own, INVOCATION);
        assertNull(ContextLayers.of(layered), "read through getValue");
        assertReadsAsGetValue(layered);
        assertEquals("x", new OpenFeatureContext(layered).attribute("own-only"));
    }

    @Test
    void plainAndEmptyContextsAreReadAsTheSdkReadsThem() {
        assertReadsAsGetValue(INVOCATION);
        assertReadsAsGetValue(CLIENT);
        assertReadsAsGetValue(new ImmutableContext());
        assertReadsAsGetValue(new LayeredEvaluationContext(null, ImmutableContext.EMPTY, null, null));
        assertNull(new OpenFeatureContext(null).attribute("who"));
        assertNull(new OpenFeatureContext(null).targetingKey());
    }

    /**
     * The SDK this module is built and tested against has its layers where the reader looks for them: if an SDK
     * upgrade moves them, this fails instead of every evaluation silently paying the SDK's copy per read.
     */
    @Test
    void theSdksLayeredContextIsReadWithoutItsCopies() {
        assertTrue(ContextLayers.readsLayeredContextsDirectly());
        List<Map<String, Value>> layers = ContextLayers.of(new LayeredEvaluationContext(API, TRANSACTION, CLIENT,
                INVOCATION));
        assertNotNull(layers);
        assertEquals(List.of("invocation", "client", "transaction", "api"),
                layers.stream().map(layer -> layer.get("who").asString()).toList());
        Value stored = INVOCATION.asUnmodifiableMap().get("groups");
        assertTrue(layers.get(0).get("groups") == stored, "the stored value itself, not a copy");
    }

    /** Both ways of making the adapter: layers found at once, and not (reads then go through getValue). */
    private static void assertReadsAsGetValue(EvaluationContext context) {
        for (boolean findLayers : List.of(true, false)) {
            OpenFeatureContext read = new OpenFeatureContext(context, findLayers);
            Set<String> names = new HashSet<>(context.keySet());
            names.addAll(List.of("nobody-sets-this", "targetingKey"));
            for (String name : names) {
                Value expected = context.getValue(name);
                assertEquals(expected == null ? null : OpenFeatureContext.plain(expected), read.attribute(name),
                        name + (findLayers ? "" : ", layers not found"));
            }
            assertEquals(context.getTargetingKey(), read.targetingKey());
        }
    }

    private static MutableContext mutable(Map<String, Value> attributes) {
        return new MutableContext(attributes);
    }
}
