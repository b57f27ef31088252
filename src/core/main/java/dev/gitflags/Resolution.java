package dev.gitflags;

import java.util.Map;

/**
 * A flag as one environment resolves it after inheritance, with where each field came from: what
 * {@code gitflags explain} prints.
 *
 * @param key         the flag's key
 * @param environment the environment it was resolved in
 * @param type        {@code boolean}, {@code string}, {@code number} or {@code json}
 * @param status      {@code active}, {@code inactive} or {@code archived}
 * @param fields      by YAML name ({@code enabled}, {@code default_value}, {@code rollout_percentage}, {@code rules},
 *                    {@code variants}), in that order
 */
public record Resolution(String key, String environment, String type, String status, Map<String, Field> fields) {

    public Resolution {
        fields = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(fields));
    }

    /**
     * One resolved field.
     *
     * @param value      its value as plain Java data (Boolean, String, Number, List and Map; null when unset)
     * @param text       its value as {@code gitflags resolve} prints it
     * @param from       the environment whose override supplied it, or null for the base flag
     * @param file       the file it was written in, relative to the config root
     * @param line       the 1-based line it was written on
     */
    public record Field(Object value, String text, String from, String file, int line) {

        /** True when the base flag supplied it (no environment of the chain overrides it). */
        public boolean fromBase() {
            return from == null;
        }
    }
}
