package dev.gitflags.openfeature;

import dev.openfeature.sdk.EvaluationContext;
import dev.openfeature.sdk.ImmutableContext;
import dev.openfeature.sdk.LayeredEvaluationContext;
import dev.openfeature.sdk.MutableContext;
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
 * contexts, {@link #of} answers null and the caller reads the context through its public {@code getValue}.
 */
final class ContextLayers {

    /** The layered context's fields, or null when this SDK's class does not have them as expected. */
    private static final Fields FIELDS = Fields.find();

    private ContextLayers() {
    }

    /** True when layered contexts are read directly (the SDK this was built against); false: through getValue. */
    static boolean readsLayeredContextsDirectly() {
        return FIELDS != null;
    }

    /**
     * The non-empty attribute maps of {@code context}, most precedent first (possibly none), or null when it has to
     * be read through {@code getValue}. The maps are read-only views, not copies.
     */
    static List<Map<String, Value>> of(EvaluationContext context) {
        if (isMapBacked(context)) {
            return context.isEmpty() ? List.of() : List.of(context.asUnmodifiableMap());
        }
        if (!(context instanceof LayeredEvaluationContext layered) || FIELDS == null) {
            return null;
        }
        return FIELDS.layers(layered);
    }

    /** The SDK's contexts whose {@code asUnmodifiableMap} is a view of the map {@code getValue} reads. */
    private static boolean isMapBacked(EvaluationContext context) {
        return context instanceof ImmutableContext || (context != null && context.getClass() == MutableContext.class);
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
        List<Map<String, Value>> layers(LayeredEvaluationContext context) {
            List<?> hookContexts = (List<?>) hooks.get(context);
            Maps maps = new Maps();
            if (hookContexts != null) {
                for (int i = hookContexts.size() - 1; i >= 0; i--) {
                    if (!maps.add((EvaluationContext) hookContexts.get(i))) {
                        return null;
                    }
                }
            }
            boolean mapBacked = maps.add((EvaluationContext) invocation.get(context))
                    && maps.add((EvaluationContext) client.get(context))
                    && maps.add((EvaluationContext) transaction.get(context))
                    && maps.add((EvaluationContext) api.get(context));
            return mapBacked ? maps.list() : null;
        }
    }

    /** Non-empty layers' maps in order; one layer (the common case: the invocation context) needs no list of its own. */
    private static final class Maps {
        private Map<String, Value> first;
        private List<Map<String, Value>> all;

        /** Adds a non-empty layer's map; false when the layer is not map-backed (read it through getValue). */
        boolean add(EvaluationContext layer) {
            if (layer == null || layer.isEmpty()) {
                return true;
            }
            if (!isMapBacked(layer)) {
                return false;
            }
            Map<String, Value> map = layer.asUnmodifiableMap();
            if (first == null) {
                first = map;
            } else {
                if (all == null) {
                    all = new ArrayList<>(4);
                    all.add(first);
                }
                all.add(map);
            }
            return true;
        }

        List<Map<String, Value>> list() {
            return all != null ? all : first != null ? List.of(first) : List.of();
        }
    }
}
