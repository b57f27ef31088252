package dev.gitflags.server;

import dev.gitflags.internal.Snapshot;
import dev.gitflags.internal.model.Detection;
import io.micronaut.http.HttpRequest;

/**
 * Picks the environment that answers a request without one in its path: the detection header, then the query
 * parameter (unless gitflags.yaml disables it with {@code query_param: null}), then {@code default_environment}.
 * A detected name that is not an active, allowed environment falls back to the default; a header naming such an
 * environment also falls back to the default (it does not defer to the query parameter).
 *
 * <p>In production set {@code query_param: null} in gitflags.yaml: a URL is easily shared, logged or typed by a
 * user, so letting it pick the environment lets anyone read (or evaluate against) another environment's flags.
 */
public final class EnvironmentDetection {

    /** The response header that says which environment answered. */
    public static final String RESOLVED_HEADER = "X-Environment-Resolved";

    private EnvironmentDetection() {
    }

    /** The environment that answers {@code request} under {@code snapshot}'s detection settings. */
    public static String detect(Snapshot snapshot, HttpRequest<?> request) {
        Detection detection = snapshot.settings().detection();
        String header = detection.header() == null ? null : request.getHeaders().get(detection.header());
        String query = detection.queryParam() == null ? null
                : request.getParameters().get(detection.queryParam());
        return resolve(snapshot, header, query);
    }

    /** The first served candidate of {@code header}, {@code query}; else the default environment. */
    public static String resolve(Snapshot snapshot, String header, String query) {
        if (header != null && !header.isBlank()) {
            String candidate = header.trim();
            return snapshot.serves(candidate) ? candidate : snapshot.settings().defaultEnvironment();
        }
        if (query != null && !query.isBlank()) {
            String candidate = query.trim();
            return snapshot.serves(candidate) ? candidate : snapshot.settings().defaultEnvironment();
        }
        return snapshot.settings().defaultEnvironment();
    }
}
