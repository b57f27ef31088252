package dev.gitflags;

import dev.gitflags.internal.eval.EvaluationContext;

import java.util.Collections;
import java.util.HashMap;
import java.util.Map;

/**
 * Who a flag is evaluated for: a targeting key (bucketing of rollouts and splits) and attributes that rules test.
 * The evaluator asks for attributes by name, only those its rules name, so an adapter over another library's
 * context (OpenFeature's {@code EvaluationContext}) answers without copying it into a map.
 *
 * <p>Attribute values are {@code Boolean}, {@code String}, a {@code Number}, or lists and maps of those; any other
 * value matches no condition. Implementations must be safe to read from the evaluating thread; the evaluator keeps
 * no reference after it returns.
 */
public interface Context {

    /** The key that buckets this subject into rollouts and splits; null or empty: outside every partial one. */
    String targetingKey();

    /** The attribute called {@code name}, or null when absent. */
    Object attribute(String name);

    /** A context of a targeting key and a map of attributes ({@code targetingKey} is also an attribute name). */
    static Context of(String targetingKey, Map<String, ?> attributes) {
        // a copy: the caller's map may change after this returns, the context must not
        return new EvaluationContext(targetingKey,
                attributes == null ? Map.of() : Collections.unmodifiableMap(new HashMap<>(attributes)));
    }

    /** No targeting key and no attributes. */
    static Context empty() {
        return EvaluationContext.EMPTY;
    }
}
