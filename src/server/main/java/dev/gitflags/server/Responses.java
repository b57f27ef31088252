package dev.gitflags.server;

import dev.gitflags.internal.eval.ErrorCode;
import dev.gitflags.server.ApiResponses.ErrorBody;
import dev.gitflags.server.OfrepController.Failure;
import dev.gitflags.server.OfrepController.GeneralError;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MutableHttpResponse;

import java.util.List;

/**
 * The few response shapes every endpoint shares: 304, cache headers, and every error the server gives — the one
 * {@link ErrorBody} outside {@code /ofrep/}, OFREP's own bodies on it.
 */
public final class Responses {

    private static final String OFREP = "/ofrep/";
    private static final String OFREP_SINGLE = "/ofrep/v1/evaluate/flags/";

    private Responses() {
    }

    /** A 200 with its ETag; clients revalidate (no-cache) and get 304 while the served version stays. */
    static <T> MutableHttpResponse<T> ok(T body, String etag) {
        return HttpResponse.ok(body).header(HttpHeaders.ETAG, etag).header(HttpHeaders.CACHE_CONTROL, "no-cache");
    }

    static MutableHttpResponse<?> notModified(String etag) {
        return HttpResponse.notModified().header(HttpHeaders.ETAG, etag).header(HttpHeaders.CACHE_CONTROL, "no-cache");
    }

    /** {@code {"error": CODE, "message": …}} with the error's status, for endpoints outside {@code /ofrep/}. */
    public static MutableHttpResponse<ErrorBody> error(ApiError error, String message) {
        return error(error, message, null);
    }

    /** The same with the names that would have been valid ({@code known}), when a name was wrong. */
    public static MutableHttpResponse<ErrorBody> error(ApiError error, String message, @Nullable List<String> known) {
        return HttpResponse.<ErrorBody>status(error.status()).body(new ErrorBody(error.name(), message, known));
    }

    /**
     * An error for a request to {@code path}, in the shape its endpoint speaks: OFREP's on {@code /ofrep/} paths
     * (with the flag key when the path names one), else {@link ErrorBody}. For answers made before or around
     * routing: filters, exception handlers, Micronaut's own statuses.
     */
    public static MutableHttpResponse<?> error(String path, ApiError error, String message) {
        return HttpResponse.status(error.status()).body(errorBody(path, error, message));
    }

    /** The body of {@link #error(String, ApiError, String)}. */
    static Object errorBody(String path, ApiError error, String message) {
        if (!path.startsWith(OFREP)) {
            return new ErrorBody(error.name(), message, null);
        }
        String key = path.startsWith(OFREP_SINGLE) && path.length() > OFREP_SINGLE.length()
                ? path.substring(OFREP_SINGLE.length()) : null;
        return ofrepBody(error.status(), key, error.ofrepCode(), message);
    }

    /**
     * An OFREP error as its specification gives it: {@code {key, errorCode, errorDetails}} for 4xx ({@code key}
     * absent for the bulk endpoint), {@code {errorDetails}} alone for 5xx.
     */
    static MutableHttpResponse<?> ofrep(HttpStatus status, @Nullable String key, ErrorCode code, String details) {
        return HttpResponse.status(status).body(ofrepBody(status, key, code, details));
    }

    private static Object ofrepBody(HttpStatus status, @Nullable String key, ErrorCode code, String details) {
        return status.getCode() >= 500 ? new GeneralError(details) : new Failure(key, code.name(), details);
    }
}
