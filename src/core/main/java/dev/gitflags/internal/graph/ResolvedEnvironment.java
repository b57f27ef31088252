package dev.gitflags.internal.graph;

import dev.gitflags.internal.model.Environment;

import java.util.Map;

/** Every flag of one environment after inheritance, looked up by key in O(1). */
public record ResolvedEnvironment(Environment environment, Map<String, ResolvedFlag> flags) {

    public String slug() {
        return environment.slug();
    }

    public ResolvedFlag flag(String key) {
        return flags.get(key);
    }
}
