package dev.gitflags.openfeature;

import dev.openfeature.sdk.EvaluationContext;
import dev.openfeature.sdk.ImmutableContext;
import dev.openfeature.sdk.ImmutableStructure;
import dev.openfeature.sdk.LayeredEvaluationContext;
import dev.openfeature.sdk.MutableContext;
import dev.openfeature.sdk.MutableStructure;
import dev.openfeature.sdk.Value;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The attribute maps behind an OpenFeature context, most precedent first, read without the copy the SDK makes on
 * every read: {@code ImmutableContext.getValue} deep-copies the value it returns, and on JDK 17 that copy's two
 * failed interface tests ({@code List}, {@code Structure}) cost ≈ 40 ns per attribute — more than the rest of a
 * targeted evaluation. A read of these maps answers what {@code getValue} answers, in the same layer order.
 *
 * <p>The client hands providers a {@link LayeredEvaluationContext} whose layers (hook contexts, invocation, client,
 * transaction, API) are private; they are read through handles found once. Where that is not possible (an SDK whose
 * fields differ, a module that does not open the package) or a layer is not one of the SDK's own map-backed
 * contexts, {@link #read} answers false and the caller reads the context through its public {@code getValue}.
 */
final class ContextLayers {

    /** The layered context's fields, or null when this SDK's class does not have them as expected. */
    private static final Fields FIELDS = Fields.find();
    /** The map-backed contexts' maps, or null: then each is read through its {@code asUnmodifiableMap} view. */
    private static final Maps MAPS = Maps.find();

    private ContextLayers() {
    }

    /** True when layered contexts are read directly (the SDK this was built against); false: through getValue. */
    static boolean readsLayeredContextsDirectly() {
        return FIELDS != null && MAPS != null;
    }

    /** Receives a context's non-empty attribute maps, most precedent first. */
    interface Sink {
        void layer(Map<String, Value> attributes);
    }

    /**
     * Hands {@code context}'s non-empty attribute maps (the contexts' own, not copies: only to be read) to
     * {@code sink}, most precedent first; false when the context has to be read through {@code getValue} instead
     * (then the maps handed so far are to be discarded).
     */
    static boolean read(EvaluationContext context, Sink sink) {
        if (isMapBacked(context)) {
            return add(context, sink);
        }
        return context instanceof LayeredEvaluationContext layered && FIELDS != null && FIELDS.read(layered, sink);
    }

    /** The maps {@link #read} hands over, as a list; null when the context is read through {@code getValue}. */
    static List<Map<String, Value>> of(EvaluationContext context) {
        List<Map<String, Value>> maps = new ArrayList<>();
        return read(context, maps::add) ? maps : null;
    }

    /** Hands a non-empty layer's map over; false when the layer is not map-backed (read it through getValue). */
    private static boolean add(EvaluationContext layer, Sink sink) {
        if (layer == null || layer.isEmpty()) {
            return true;
        }
        if (!isMapBacked(layer)) {
            return false;
        }
        sink.layer(MAPS == null ? layer.asUnmodifiableMap() : MAPS.of(layer));
        return true;
    }

    /** The SDK's contexts whose {@code asUnmodifiableMap} is a view of the map {@code getValue} reads. */
    private static boolean isMapBacked(EvaluationContext context) {
        return context instanceof ImmutableContext || (context != null && context.getClass() == MutableContext.class);
    }

    /**
     * Handles on the map behind a map-backed context (its structure's {@code attributes}, which its
     * {@code asUnmodifiableMap} wraps and its {@code getValue} reads): read as it is, only read, with no wrapper
     * made per evaluation.
     */
    private record Maps(VarHandle immutable, VarHandle mutable, VarHandle attributes) {

        static Maps find() {
            try {
                Class<?> structures = Class.forName("dev.openfeature.sdk.AbstractStructure");
                return new Maps(structure(ImmutableContext.class, ImmutableStructure.class),
                        structure(MutableContext.class, MutableStructure.class),
                        MethodHandles.privateLookupIn(structures, MethodHandles.lookup())
                                .findVarHandle(structures, "attributes", Map.class));
            } catch (ReflectiveOperationException | RuntimeException e) {
                return null; // through asUnmodifiableMap: a wrapper per layer, the same answers
            }
        }

        private static VarHandle structure(Class<?> context, Class<?> structure) throws ReflectiveOperationException {
            return MethodHandles.privateLookupIn(context, MethodHandles.lookup())
                    .findVarHandle(context, "structure", structure);
        }

        /** The map of a context {@link #isMapBacked} says is map-backed and not empty. */
        @SuppressWarnings("unchecked")
        Map<String, Value> of(EvaluationContext context) {
            Object structure = context instanceof ImmutableContext ? immutable.get(context) : mutable.get(context);
            return (Map<String, Value>) attributes.get(structure);
        }
    }

    /** Handles on {@link LayeredEvaluationContext}'s private layers. */
    private record Fields(VarHandle hooks, VarHandle invocation, VarHandle client, VarHandle transaction,
                          VarHandle api) {

        static Fields find() {
            try {
                MethodHandles.Lookup lookup = MethodHandles.privateLookupIn(LayeredEvaluationContext.class,
                        MethodHandles.lookup());
                return new Fields(lookup.findVarHandle(LayeredEvaluationContext.class, "hookContexts", ArrayList.class),
                        layer(lookup, "invocationContext"), layer(lookup, "clientContext"),
                        layer(lookup, "transactionContext"), layer(lookup, "apiContext"));
            } catch (ReflectiveOperationException | RuntimeException e) {
                return null; // read through getValue: slower, the same answers
            }
        }

        private static VarHandle layer(MethodHandles.Lookup lookup, String name) throws ReflectiveOperationException {
            return lookup.findVarHandle(LayeredEvaluationContext.class, name, EvaluationContext.class);
        }

        /** The layers in getValue's order: hook contexts (the last added first), invocation, client, transaction, API. */
        boolean read(LayeredEvaluationContext context, Sink sink) {
            List<?> hookContexts = (List<?>) hooks.get(context);
            if (hookContexts != null) {
                for (int i = hookContexts.size() - 1; i >= 0; i--) {
                    if (!add((EvaluationContext) hookContexts.get(i), sink)) {
                        return false;
                    }
                }
            }
            return add((EvaluationContext) invocation.get(context), sink)
                    && add((EvaluationContext) client.get(context), sink)
                    && add((EvaluationContext) transaction.get(context), sink)
                    && add((EvaluationContext) api.get(context), sink);
        }
    }
}
