package dev.gitflags.internal;

import dev.gitflags.internal.graph.EnvironmentGraph;
import dev.gitflags.internal.graph.ResolvedEnvironment;
import dev.gitflags.internal.graph.ResolvedFlag;
import dev.gitflags.internal.graph.Resolver;
import dev.gitflags.internal.model.Environment;
import dev.gitflags.internal.model.Flag;
import dev.gitflags.internal.model.RepoSettings;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One valid, immutable state of a config repo: settings, base flags, environments, the inheritance graph and
 * every environment's resolved flags. A reload builds a new snapshot and swaps it; nothing here ever changes.
 *
 * @param flags     base flags by key, in key order
 * @param commit    the commit SHA it was read from, or null for a working tree
 * @param flagKeys  every flag key, sorted
 */
public record Snapshot(RepoSettings settings, Map<String, Flag> flags, Map<String, Environment> environments,
                       EnvironmentGraph graph, Map<String, ResolvedEnvironment> resolved, String commit,
                       List<String> flagKeys) {

    /**
     * A snapshot of {@code flags} and {@code environments}, everything derived from them built here: the graph, every
     * environment's resolution (with {@code settings.inheritance()}) and the sorted flag keys. The loader, which
     * builds graph and resolution on the way to checking them, passes them to the canonical constructor instead.
     */
    public static Snapshot of(RepoSettings settings, Map<String, Flag> flags, Map<String, Environment> environments,
                              String commit) {
        EnvironmentGraph graph = EnvironmentGraph.of(environments);
        return new Snapshot(settings, flags, environments, graph,
                Resolver.resolveAll(flags, environments, graph, settings.inheritance(), settings.bucketing(), Map.of()),
                commit,
                flags.keySet().stream().sorted().toList());
    }

    /** This snapshot as read from {@code commit}: the same content, nothing rebuilt. */
    public Snapshot withCommit(String commit) {
        return new Snapshot(settings, flags, environments, graph, resolved, commit, flagKeys);
    }

    public Optional<Environment> environment(String slug) {
        return Optional.ofNullable(environments.get(slug));
    }

    public Optional<ResolvedEnvironment> resolvedEnvironment(String slug) {
        return Optional.ofNullable(resolved.get(slug));
    }

    /** The flag as {@code environment} resolves it; empty when either is unknown. */
    public Optional<ResolvedFlag> flag(String environment, String key) {
        ResolvedEnvironment resolvedEnvironment = resolved.get(environment);
        return resolvedEnvironment == null ? Optional.empty() : Optional.ofNullable(resolvedEnvironment.flag(key));
    }

    public List<String> chain(String environment) {
        return graph.chain(environment);
    }

    /** True when the environment exists, is active and is allowed: the ones a server serves. */
    public boolean serves(String environment) {
        Environment env = environments.get(environment);
        return env != null && env.active() && settings.allows(environment);
    }
}
