package dev.gitflags.server;

import dev.gitflags.server.ApiResponses.ErrorBody;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MutableHttpResponse;

import java.util.List;

/** The few response shapes every endpoint shares: 304, JSON errors, cache headers. */
final class Responses {

    private Responses() {
    }

    /** A 200 with its ETag; clients revalidate (no-cache) and get 304 while the served version stays. */
    static <T> MutableHttpResponse<T> ok(T body, String etag) {
        return HttpResponse.ok(body).header(HttpHeaders.ETAG, etag).header(HttpHeaders.CACHE_CONTROL, "no-cache");
    }

    static MutableHttpResponse<?> notModified(String etag) {
        return HttpResponse.notModified().header(HttpHeaders.ETAG, etag).header(HttpHeaders.CACHE_CONTROL, "no-cache");
    }

    static MutableHttpResponse<ErrorBody> error(HttpStatus status, String error, String message) {
        return HttpResponse.<ErrorBody>status(status).body(ErrorBody.of(status.getCode(), error, message));
    }

    static MutableHttpResponse<ErrorBody> error(HttpStatus status, String error, String message, List<String> known) {
        return HttpResponse.<ErrorBody>status(status).body(new ErrorBody(status.getCode(), error, message, known));
    }

    /** 503 while no valid snapshot has been loaded yet. */
    static MutableHttpResponse<ErrorBody> noSnapshot() {
        return error(HttpStatus.SERVICE_UNAVAILABLE, "NO_SNAPSHOT", "no valid configuration has been loaded yet");
    }
}
