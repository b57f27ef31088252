package dev.gitflags.server.web;

import dev.gitflags.internal.Snapshot;
import dev.gitflags.server.ApiError;
import dev.gitflags.server.ETags;
import dev.gitflags.server.Responses;
import dev.gitflags.server.ServedState;
import dev.gitflags.server.SnapshotHolder;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;

/**
 * The read-only web view: the page at {@code /}, its files under {@code /web/}, and its data —
 * {@code GET /api/v1/matrix} (one window of the flags × environments matrix, filtered) and
 * {@code GET /api/v1/matrix/cell} (one cell with every field's provenance). It reads the current snapshot once
 * per request and formats it; the per-snapshot {@link MatrixIndex} is built once and kept until the next swap.
 * The data endpoints need a snapshot, which {@link dev.gitflags.server.NotServingFilter} ensures.
 */
@Controller
public final class WebViewController {

    private final SnapshotHolder holder;
    private final WebAssets assets;
    private final MatrixIndex index;

    public WebViewController(SnapshotHolder holder, WebAssets assets, MatrixIndex index) {
        this.holder = holder;
        this.assets = assets;
        this.index = index;
    }

    @Get("/")
    public HttpResponse<?> page(HttpRequest<?> request) {
        return asset("index.html", request);
    }

    @Get("/web/{name}")
    public HttpResponse<?> asset(String name, HttpRequest<?> request) {
        return assets.get(name).<HttpResponse<?>>map(asset -> {
            if (ETags.notModified(request, asset.etag())) {
                return cacheHeaders(HttpResponse.notModified(), asset.etag());
            }
            return cacheHeaders(HttpResponse.ok(asset.bytes()), asset.etag()).contentType(asset.mediaType());
        }).orElseGet(() -> Responses.error(ApiError.NOT_FOUND, "no such file: /web/" + name));
    }

    /** One window of rows; {@code q} matches key, name, description and tags, case-insensitively. */
    @Get("/api/v1/matrix")
    @ExecuteOn(TaskExecutors.BLOCKING)
    public HttpResponse<?> matrix(@Nullable @QueryValue String q, @Nullable @QueryValue String tag,
                                  @QueryValue(defaultValue = "false") boolean differs,
                                  @QueryValue(defaultValue = "false") boolean stale,
                                  @QueryValue(defaultValue = "0") int offset,
                                  @QueryValue(defaultValue = "50") int limit, HttpRequest<?> request) {
        ServedState state = holder.current();
        MatrixQuery query = new MatrixQuery(q, tag, differs, stale, offset, limit);
        String etag = ETags.of(state, "r" + state.revision(), "matrix", ETags.digest(query.toString()));
        if (ETags.notModified(request, etag)) {
            return cacheHeaders(HttpResponse.notModified(), etag);
        }
        return cacheHeaders(HttpResponse.ok(index.of(state.snapshot()).page(query, ServedStatus.of(state))), etag);
    }

    @Get("/api/v1/matrix/cell")
    @ExecuteOn(TaskExecutors.BLOCKING)
    public HttpResponse<?> cell(@QueryValue String env, @QueryValue String flag, HttpRequest<?> request) {
        ServedState state = holder.current();
        String etag = ETags.of(state, "cell", ETags.digest(env + "\n" + flag));
        if (ETags.notModified(request, etag)) {
            return cacheHeaders(HttpResponse.notModified(), etag);
        }
        Snapshot snapshot = state.snapshot();
        if (!snapshot.graph().contains(env)) {
            return Responses.error(ApiError.UNKNOWN_ENVIRONMENT, "no environment '" + env + "'",
                    snapshot.graph().treeOrder());
        }
        return index.of(snapshot).cell(env, flag).<HttpResponse<?>>map(cell -> cacheHeaders(HttpResponse.ok(cell), etag))
                .orElseGet(() -> Responses.error(ApiError.FLAG_NOT_FOUND, "no flag '" + flag + "'"));
    }

    private static <T> MutableHttpResponse<T> cacheHeaders(MutableHttpResponse<T> response, String etag) {
        return response.header(HttpHeaders.ETAG, etag).header(HttpHeaders.CACHE_CONTROL, "no-cache");
    }
}
