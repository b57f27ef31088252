package dev.gitflags.server;

import dev.gitflags.load.LoadLimits;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/**
 * How to run a server: the config repo folder, the ref to follow (null: the working tree), the loader's limits,
 * where to listen (host null: every interface; port 0 or -1: a free port), how often to poll, the optional token,
 * and extra Micronaut properties.
 */
public record ServerOptions(Path repo, String ref, LoadLimits limits, String host, int port, Duration poll,
                            ApiToken token, Map<String, Object> properties) {

    public ServerOptions {
        properties = Map.copyOf(properties);
    }

    public static ServerOptions of(Path repo, String ref, int port, Duration poll) {
        return new ServerOptions(repo, ref, LoadLimits.DEFAULT, null, port, poll, ApiToken.none(), Map.of());
    }

    public ServerOptions withToken(ApiToken newToken) {
        return new ServerOptions(repo, ref, limits, host, port, poll, newToken, properties);
    }

    public ServerOptions withHost(String newHost) {
        return new ServerOptions(repo, ref, limits, newHost, port, poll, token, properties);
    }

    /** These Micronaut properties on top, e.g. {@code gitflags.probe-port} or {@code gitflags.ofrep.bulk-budget}. */
    public ServerOptions withProperties(Map<String, Object> more) {
        Map<String, Object> merged = new HashMap<>(properties);
        merged.putAll(more);
        return new ServerOptions(repo, ref, limits, host, port, poll, token, merged);
    }
}
