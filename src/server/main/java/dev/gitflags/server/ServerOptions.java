package dev.gitflags.server;

import dev.gitflags.internal.load.LoadLimits;
import dev.gitflags.internal.load.WatchedRepo;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/**
 * How to run a server: the config repo folder, the ref to follow (null: the working tree), the loader's limits,
 * where to listen (host null: every interface; port 0 or -1: a free port), how often to poll, how long one load
 * may run, how many commits before the ref's tip a start-up may go back to find a valid one, the optional token,
 * extra Micronaut properties, the remote to fetch from ({@code remote}; null: {@code repo} is a local folder,
 * else {@code repo} is the remote's cache folder), and how long that start-up search may take in all
 * ({@code historyBudget}).
 */
public record ServerOptions(Path repo, String ref, LoadLimits limits, String host, int port, Duration poll,
                            Duration loadTimeout, int historyDepth, ApiToken token, Map<String, Object> properties,
                            GitRemote remote, Duration historyBudget) {

    /** The default of {@code serve --load-timeout}. */
    public static final Duration DEFAULT_LOAD_TIMEOUT = Duration.ofSeconds(60);
    /** The default of {@code serve --history-depth}. */
    public static final int DEFAULT_HISTORY_DEPTH = 20;
    /** The default of {@code serve --history-budget}. */
    public static final Duration DEFAULT_HISTORY_BUDGET = Duration.ofMinutes(2);

    public ServerOptions {
        properties = Map.copyOf(properties);
        if (historyDepth < 0) {
            throw new IllegalArgumentException("the history depth must not be negative");
        }
        if (historyBudget.isNegative()) {
            throw new IllegalArgumentException("the history budget must not be negative");
        }
    }

    /** Options with the default history budget. */
    public ServerOptions(Path repo, String ref, LoadLimits limits, String host, int port, Duration poll,
                         Duration loadTimeout, int historyDepth, ApiToken token, Map<String, Object> properties,
                         GitRemote remote) {
        this(repo, ref, limits, host, port, poll, loadTimeout, historyDepth, token, properties, remote,
                DEFAULT_HISTORY_BUDGET);
    }

    /** Options of a server that follows a local folder. */
    public ServerOptions(Path repo, String ref, LoadLimits limits, String host, int port, Duration poll,
                         Duration loadTimeout, int historyDepth, ApiToken token, Map<String, Object> properties) {
        this(repo, ref, limits, host, port, poll, loadTimeout, historyDepth, token, properties, null);
    }

    public static ServerOptions of(Path repo, String ref, int port, Duration poll) {
        return new ServerOptions(repo, ref, LoadLimits.DEFAULT, null, port, poll, DEFAULT_LOAD_TIMEOUT,
                DEFAULT_HISTORY_DEPTH, ApiToken.none(), Map.of());
    }

    public ServerOptions withToken(ApiToken newToken) {
        return new ServerOptions(repo, ref, limits, host, port, poll, loadTimeout, historyDepth, newToken,
                properties, remote, historyBudget);
    }

    public ServerOptions withHost(String newHost) {
        return new ServerOptions(repo, ref, limits, newHost, port, poll, loadTimeout, historyDepth, token,
                properties, remote, historyBudget);
    }

    public ServerOptions withLoadTimeout(Duration timeout) {
        return new ServerOptions(repo, ref, limits, host, port, poll, timeout, historyDepth, token,
                properties, remote, historyBudget);
    }

    public ServerOptions withHistoryDepth(int depth) {
        return new ServerOptions(repo, ref, limits, host, port, poll, loadTimeout, depth, token,
                properties, remote, historyBudget);
    }

    /** How long the start-up search of earlier commits may take in all ({@code serve --history-budget}). */
    public ServerOptions withHistoryBudget(Duration budget) {
        return new ServerOptions(repo, ref, limits, host, port, poll, loadTimeout, historyDepth, token,
                properties, remote, budget);
    }

    /**
     * Follows {@code ref} of {@code newRemote}, fetched into its cache folder, instead of a local folder; a null
     * ref follows the remote's default branch ({@code HEAD}).
     */
    public ServerOptions withRemote(GitRemote newRemote, String newRef) {
        return new ServerOptions(newRemote.cacheDir(), newRef == null ? "HEAD" : newRef, limits, host, port, poll,
                loadTimeout, historyDepth, token, properties, newRemote, historyBudget);
    }

    /** For logs and /status: the folder, {@code folder @ ref}, or the remote's displayed URL and ref. */
    public String describeSource() {
        return remote == null ? WatchedRepo.describe(repo, ref) : remote.describe(ref);
    }

    /** These Micronaut properties on top, e.g. {@code gitflags.probe-port} or {@code gitflags.ofrep.bulk-budget}. */
    public ServerOptions withProperties(Map<String, Object> more) {
        Map<String, Object> merged = new HashMap<>(properties);
        merged.putAll(more);
        return new ServerOptions(repo, ref, limits, host, port, poll, loadTimeout, historyDepth, token,
                merged, remote, historyBudget);
    }
}
