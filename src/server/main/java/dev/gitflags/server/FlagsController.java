package dev.gitflags.server;

import dev.gitflags.internal.Snapshot;
import dev.gitflags.internal.graph.ResolvedEnvironment;
import dev.gitflags.internal.graph.ResolvedFlag;
import dev.gitflags.internal.graph.Suggestions;
import dev.gitflags.server.ApiResponses.EnvironmentList;
import dev.gitflags.server.ApiResponses.EnvironmentView;
import dev.gitflags.server.ApiResponses.FlagList;
import dev.gitflags.server.ApiResponses.FlagView;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.json.JsonMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.TreeMap;

/**
 * Resolved flags, read-only: per environment in the path ({@code /api/v1/environments/{env}/…}) or for the
 * environment detected from the request ({@code /api/v1/flags…}, see {@link EnvironmentDetection}).
 * Each handler reads the served state once, so a reload never changes the answer half-way; bodies are rendered
 * once per snapshot ({@link RenderedBodies}). The state serves: {@link NotServingFilter} answers before otherwise.
 */
@Controller("/api/v1")
public final class FlagsController {

    /** Beyond this many flags a 404 names no near key: scanning them all on every miss would invite abuse. */
    private static final int MAX_KEYS_TO_SUGGEST_FROM = 2_000;

    private final SnapshotHolder holder;
    private final JsonMapper json;

    public FlagsController(SnapshotHolder holder, JsonMapper json) {
        this.holder = holder;
        this.json = json;
    }

    @Get("/environments")
    public HttpResponse<?> environments(HttpRequest<?> request) {
        ServedState state = holder.current();
        String etag = ETags.of(state, "environments");
        if (ETags.notModified(request, etag)) {
            return Responses.notModified(etag);
        }
        Snapshot snapshot = state.snapshot();
        List<EnvironmentView> environments = snapshot.graph().treeOrder().stream()
                .map(slug -> EnvironmentView.of(snapshot, snapshot.environments().get(slug)))
                .toList();
        return Responses.ok(new EnvironmentList(snapshot.commit(), snapshot.settings().defaultEnvironment(),
                environments), etag);
    }

    @Get("/environments/{env}/flags")
    public HttpResponse<?> environmentFlags(String env, HttpRequest<?> request) {
        return flags(holder.current(), env, request, false);
    }

    @Get("/environments/{env}/flags/{key}")
    public HttpResponse<?> environmentFlag(String env, String key, HttpRequest<?> request) {
        return flag(holder.current(), env, key, explain(request), request, false);
    }

    @Get("/flags")
    public HttpResponse<?> detectedFlags(HttpRequest<?> request) {
        ServedState state = holder.current();
        return flags(state, EnvironmentDetection.detect(state.snapshot(), request), request, true);
    }

    @Get("/flags/{key}")
    public HttpResponse<?> detectedFlag(String key, HttpRequest<?> request) {
        ServedState state = holder.current();
        return flag(state, EnvironmentDetection.detect(state.snapshot(), request), key, explain(request), request,
                true);
    }

    private HttpResponse<?> flags(ServedState state, String env, HttpRequest<?> request, boolean detected) {
        Snapshot snapshot = state.snapshot();
        if (!snapshot.serves(env)) {
            return unknownEnvironment(snapshot, env);
        }
        String etag = ETags.of(state, env);
        if (ETags.notModified(request, etag)) {
            return withEnvironment(Responses.notModified(etag), snapshot, env, detected);
        }
        byte[] body = state.rendered().get(env + "\n*", () -> {
            ResolvedEnvironment resolved = snapshot.resolvedEnvironment(env).orElseThrow();
            List<FlagView> flags = new TreeMap<>(resolved.flags()).values().stream()
                    .map(flag -> FlagView.of(env, flag, false))
                    .toList();
            return render(new FlagList(env, snapshot.commit(), flags));
        });
        return withEnvironment(Responses.ok(body, etag), snapshot, env, detected);
    }

    private HttpResponse<?> flag(ServedState state, String env, String key, boolean explain, HttpRequest<?> request,
                                 boolean detected) {
        Snapshot snapshot = state.snapshot();
        if (!snapshot.serves(env)) {
            return unknownEnvironment(snapshot, env);
        }
        ResolvedFlag flag = snapshot.flag(env, key).orElse(null);
        if (flag == null) {
            return withEnvironment(Responses.error(ApiError.FLAG_NOT_FOUND,
                    "flag '" + key + "' does not exist in environment '" + env + "'" + suggestion(snapshot, key)),
                    snapshot, env, detected);
        }
        String etag = ETags.of(state, env);
        if (ETags.notModified(request, etag)) {
            return withEnvironment(Responses.notModified(etag), snapshot, env, detected);
        }
        byte[] body = state.rendered().get(env + "\n" + key + (explain ? "\nexplain" : ""),
                () -> render(FlagView.of(env, flag, explain)));
        return withEnvironment(Responses.ok(body, etag), snapshot, env, detected);
    }

    /** " (did you mean 'x'?)" for repos small enough that the edit-distance scan is cheap on every 404. */
    private static String suggestion(Snapshot snapshot, String key) {
        if (snapshot.flagKeys().size() > MAX_KEYS_TO_SUGGEST_FROM) {
            return "";
        }
        return Suggestions.nearest(key, snapshot.flagKeys()).map(near -> " (did you mean '" + near + "'?)").orElse("");
    }

    /** {@code ?explain=true} adds provenance; read by hand, as binding a query value costs more than the lookup. */
    private static boolean explain(HttpRequest<?> request) {
        return Boolean.parseBoolean(request.getParameters().get("explain"));
    }

    private byte[] render(Object body) {
        try {
            return json.writeValueAsBytes(body);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot render " + body.getClass().getSimpleName(), e);
        }
    }

    /** 404 naming the environments that are served. */
    static HttpResponse<?> unknownEnvironment(Snapshot snapshot, String env) {
        List<String> served = snapshot.graph().treeOrder().stream().filter(snapshot::serves).sorted().toList();
        String why = snapshot.environments().containsKey(env)
                ? "environment '" + env + "' is not served (" + (snapshot.environments().get(env).active()
                ? "not in allowed_environments" : "inactive") + ")"
                : "environment '" + env + "' does not exist (" + Suggestions.hint("environment", env, served) + ")";
        return Responses.error(ApiError.UNKNOWN_ENVIRONMENT, why, served);
    }

    private static <T> MutableHttpResponse<T> withEnvironment(MutableHttpResponse<T> response, Snapshot snapshot,
                                                              String env, boolean detected) {
        response.header(EnvironmentDetection.RESOLVED_HEADER, env);
        if (detected && snapshot.settings().detection().header() != null) {
            // The answer depends on the detection header, so shared caches must key on it.
            response.header(HttpHeaders.VARY, snapshot.settings().detection().header());
        }
        return response;
    }
}
