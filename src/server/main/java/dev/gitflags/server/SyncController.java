package dev.gitflags.server;

import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;

/**
 * The sync feed for in-process providers: {@code GET /sync/v1/environments/{env}} answers that environment's
 * resolved definitions ({@link DefinitionsFeed.Body}) with its definitions digest as ETag (304 on
 * {@code If-None-Match} while it holds) and the commit served in {@value #COMMIT_HEADER}. Changes are announced on
 * the environment's event stream ({@link EventStreams}), whose events carry the new digest. Needs the definitions
 * scope.
 */
@Controller("/sync/v1")
public final class SyncController {

    /** The commit the answer was resolved from: for logs and support, not part of the definitions. */
    public static final String COMMIT_HEADER = "X-Gitflags-Commit";

    private final SnapshotHolder holder;
    private final DefinitionsFeed feed;

    public SyncController(SnapshotHolder holder, DefinitionsFeed feed) {
        this.holder = holder;
        this.feed = feed;
    }

    @Get(uri = "/environments/{env}", produces = MediaType.APPLICATION_JSON)
    public HttpResponse<?> environment(String env, HttpRequest<?> request) {
        ServedState state = holder.current();
        if (!state.snapshot().serves(env)) {
            return FlagsController.unknownEnvironment(state.snapshot(), env);
        }
        String etag = ETags.ofDefinitions(feed.digest(state, env));
        if (ETags.notModified(request, etag)) {
            return Responses.notModified(etag).header(COMMIT_HEADER, state.snapshot().commit());
        }
        return Responses.ok(feed.body(state, env), etag).header(COMMIT_HEADER, state.snapshot().commit());
    }
}
