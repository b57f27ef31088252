package dev.gitflags.cli;

import dev.gitflags.internal.Snapshot;
import dev.gitflags.internal.graph.ResolvedEnvironment;
import dev.gitflags.internal.graph.Suggestions;

import java.util.Collection;
import java.util.List;

/** Finds the environment and flags a command names, failing with exit 2 and a "did you mean" when one is unknown. */
final class SnapshotLookup {

    private SnapshotLookup() {
    }

    static ResolvedEnvironment environment(Snapshot snapshot, String slug) {
        return snapshot.resolvedEnvironment(slug).orElseThrow(() -> CommandFailure.usage(
                "unknown environment '" + slug + "' (" + Suggestions.hint("environment", slug,
                        snapshot.environments().keySet()) + ")"));
    }

    /** The environments whose overrides count for {@code slug}: its whole chain, or only itself with inheritance off. */
    static List<String> effectiveChain(Snapshot snapshot, String slug) {
        return snapshot.settings().inheritance() ? snapshot.chain(slug) : List.of(slug);
    }

    /** Fails naming every unknown key when any of {@code keys} is not a flag. */
    static void requireFlags(Snapshot snapshot, Collection<String> keys) {
        List<String> unknown = keys.stream().filter(key -> !snapshot.flags().containsKey(key))
                .map(key -> "unknown flag '" + key + "' (" + Suggestions.hint("flag", key, snapshot.flagKeys()) + ")")
                .toList();
        if (!unknown.isEmpty()) {
            throw CommandFailure.usage(String.join(System.lineSeparator() + "gitflags: ", unknown));
        }
    }
}
