package dev.gitflags.server;

import dev.gitflags.server.ApiResponses.Health;
import dev.gitflags.server.ApiResponses.Status;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;

/**
 * {@code /health}: UP (200) while a valid snapshot is served, else DOWN (503); an invalid newer commit does not
 * make it DOWN, the last good one is still served. {@code /status}: which version is served since when, the
 * newest version seen, and that version's located errors when it was rejected.
 */
@Controller
public final class StatusController {

    private final SnapshotHolder holder;
    private final ServerInfo info;

    public StatusController(SnapshotHolder holder, ServerInfo info) {
        this.holder = holder;
        this.info = info;
    }

    @Get("/health")
    public HttpResponse<?> health(HttpRequest<?> request) {
        boolean up = holder.current().isServing();
        String etag = up ? "\"UP\"" : "\"DOWN\"";
        if (up && ETags.notModified(request, etag)) {
            return Responses.notModified(etag);
        }
        return HttpResponse.status(up ? HttpStatus.OK : HttpStatus.SERVICE_UNAVAILABLE)
                .body(new Health(up ? "UP" : "DOWN"))
                .header("ETag", etag)
                .header("Cache-Control", "no-cache");
    }

    @Get("/status")
    public HttpResponse<?> status(HttpRequest<?> request) {
        ServedState state = holder.current();
        String etag = "\"status." + info.instance() + "." + state.revision() + "\"";
        if (ETags.notModified(request, etag)) {
            return Responses.notModified(etag);
        }
        return Responses.ok(Status.of(state, info.source()), etag);
    }
}
