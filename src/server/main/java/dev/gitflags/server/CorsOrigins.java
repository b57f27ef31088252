package dev.gitflags.server;

import java.util.List;
import java.util.Map;

/**
 * {@code serve --cors-origin}: the browser origins allowed to call the server from their pages, as the Micronaut
 * properties of its CORS filter (which answers preflights and adds the headers on every endpoint, OFREP and REST
 * alike; {@link EventStreams} reads the same configuration). No origin, no CORS: the default, so nothing changes for
 * a server that lists none. The headers a client reads from an answer are exposed to it.
 */
public final class CorsOrigins {

    /** Answer headers a page may read: the revalidation tag, the environment served, the commit of a feed. */
    static final List<String> EXPOSED = List.of("ETag", EnvironmentDetection.RESOLVED_HEADER,
            SyncController.COMMIT_HEADER);

    private CorsOrigins() {
    }

    /** The Micronaut properties that allow exactly {@code origins} (e.g. {@code https://app.example.com}). */
    public static Map<String, Object> properties(List<String> origins) {
        if (origins.isEmpty()) {
            return Map.of();
        }
        String prefix = "micronaut.server.cors.configurations.gitflags.";
        return Map.of("micronaut.server.cors.enabled", true,
                prefix + "allowed-origins", List.copyOf(origins),
                prefix + "exposed-headers", EXPOSED,
                prefix + "allowed-methods", List.of("GET", "HEAD", "POST", "OPTIONS"),
                // Micronaut lets pages on localhost through whatever the list says; the list is meant literally.
                "micronaut.server.cors.localhost-pass-through", false);
    }
}
