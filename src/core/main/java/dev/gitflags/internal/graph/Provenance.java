package dev.gitflags.internal.graph;

import dev.gitflags.internal.model.Origin;

/** Which layer supplied a resolved field: an environment's override, or the base flag ({@code environment} null). */
public record Provenance(String environment, Origin origin) {

    public boolean isBase() {
        return environment == null;
    }

    @Override
    public String toString() {
        return (environment == null ? "base flag" : "environment " + environment) + " at " + origin.fileAndLine();
    }
}
