package dev.gitflags.server;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gitflags.internal.Snapshot;
import dev.gitflags.internal.flagd.FlagdExport;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;

/**
 * An environment as flagd flag definitions ({@code gitflags export --format flagd}), for flagd's HTTP sync source:
 * {@code flagd start --uri http://gitflags:8080/api/v1/environments/production/flagd.json}. The body is rendered
 * once per snapshot, with an ETag that follows the config's content, so a poll that finds nothing new is a 304.
 * Flags flagd cannot reproduce exactly are left out, as by the command ({@code gitflags export} names them).
 */
@Controller("/api/v1")
public final class FlagdController {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final SnapshotHolder holder;

    public FlagdController(SnapshotHolder holder) {
        this.holder = holder;
    }

    @Get(value = "/environments/{env}/flagd.json", produces = MediaType.APPLICATION_JSON)
    public HttpResponse<?> flagd(String env, HttpRequest<?> request) {
        ServedState state = holder.current();
        Snapshot snapshot = state.snapshot();
        if (!snapshot.serves(env)) {
            return Responses.error(ApiError.UNKNOWN_ENVIRONMENT, "environment '" + env + "' is not served");
        }
        String etag = ETags.of(state, env, "flagd");
        if (ETags.notModified(request, etag)) {
            return Responses.notModified(etag);
        }
        byte[] body = state.rendered().get(env + "\nflagd", () -> render(FlagdExport.of(snapshot, env)));
        return Responses.ok(body, etag);
    }

    static byte[] render(FlagdExport.Result result) {
        try {
            return JSON.writeValueAsBytes(result.document());
        } catch (JsonProcessingException impossible) {
            // maps, lists and scalars only
            throw new IllegalStateException(impossible);
        }
    }
}
