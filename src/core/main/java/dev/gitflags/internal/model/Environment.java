package dev.gitflags.internal.model;

import java.util.Map;

/**
 * One {@code environments/<slug>.yaml}. {@code parent} is null for a root. An inactive environment is neither
 * served nor evaluated, but its children still inherit through it.
 *
 * @param overrides by flag key, in file order
 */
public record Environment(String slug, String name, String description, String parent, boolean active,
                          Map<String, Object> settings, Map<String, FlagOverride> overrides, Origin parentOrigin,
                          Origin origin) {

    public Environment {
        settings = Values.immutableMap(settings);
        overrides = Values.immutableMap(overrides);
    }

    /** The config-root-relative path of the file, e.g. {@code environments/staging.yaml}. */
    public String file() {
        return origin.file();
    }
}
