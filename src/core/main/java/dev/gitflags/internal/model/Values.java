package dev.gitflags.internal.model;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Flag values are plain immutable Java objects: Boolean, String, Long, Double, and for json flags also
 * unmodifiable {@code Map<String, Object>} (insertion-ordered) and {@code List<Object>}.
 */
public final class Values {

    private Values() {
    }

    /** Normalizes a value read from YAML or JSON: integers to Long, decimals to Double, collections frozen. */
    public static Object normalize(Object value) {
        if (value instanceof Integer || value instanceof Short || value instanceof Byte) {
            return ((Number) value).longValue();
        }
        if (value instanceof BigInteger big) {
            // Not a ?: expression: mixing long and double there would promote every integer to Double.
            if (big.bitLength() < 64) {
                return big.longValue();
            }
            return big.doubleValue();
        }
        if (value instanceof Float || value instanceof BigDecimal) {
            return ((Number) value).doubleValue();
        }
        if (value instanceof Map<?, ?> map) {
            Map<String, Object> copy = new LinkedHashMap<>();
            map.forEach((key, item) -> copy.put(String.valueOf(key), normalize(item)));
            return Collections.unmodifiableMap(copy);
        }
        if (value instanceof List<?> list) {
            List<Object> copy = new ArrayList<>(list.size());
            list.forEach(item -> copy.add(normalize(item)));
            return Collections.unmodifiableList(copy);
        }
        return value;
    }

    /** An unmodifiable copy that keeps insertion order and tolerates null values (List/Map.copyOf do not). */
    public static <K, V> Map<K, V> immutableMap(Map<K, V> map) {
        if (map == null || map.isEmpty()) {
            return Map.of();
        }
        return Collections.unmodifiableMap(new LinkedHashMap<>(map));
    }

    public static <K extends Enum<K>, V> Map<K, V> immutableEnumMap(Class<K> type, Map<K, V> map) {
        EnumMap<K, V> copy = new EnumMap<>(type);
        if (map != null) {
            copy.putAll(map);
        }
        return Collections.unmodifiableMap(copy);
    }
}
