package dev.gitflags.server;

import dev.gitflags.internal.eval.ErrorCode;
import io.micronaut.http.HttpStatus;

/**
 * The vocabulary of the server's error bodies {@code {"error": CODE, "message": …}}: each code with its HTTP
 * status, and the OpenFeature {@link ErrorCode} it becomes on an OFREP path, where bodies follow OFREP
 * ({@code {key, errorCode, errorDetails}} for 4xx, {@code {errorDetails}} for 5xx, which carry no code).
 */
public enum ApiError {
    /** A request that cannot be read: malformed URI, percent-encoding, header or query value. */
    BAD_REQUEST(HttpStatus.BAD_REQUEST, ErrorCode.PARSE_ERROR),
    /** A token is configured and the request did not present it. */
    UNAUTHORIZED(HttpStatus.UNAUTHORIZED, ErrorCode.GENERAL),
    /** The token presented is valid, but its scope does not open this endpoint (an evaluate token on /api/v1). */
    FORBIDDEN(HttpStatus.FORBIDDEN, ErrorCode.GENERAL),
    /** No endpoint at this path (or no such file of the web view). */
    NOT_FOUND(HttpStatus.NOT_FOUND, ErrorCode.GENERAL),
    /** The environment in the path does not exist or is not served; {@code known} lists the served ones. */
    UNKNOWN_ENVIRONMENT(HttpStatus.NOT_FOUND, ErrorCode.GENERAL),
    /** The flag does not exist in the environment. */
    FLAG_NOT_FOUND(HttpStatus.NOT_FOUND, ErrorCode.FLAG_NOT_FOUND),
    /** A write verb, or a verb the endpoint does not answer; the {@code Allow} header names the ones it does. */
    METHOD_NOT_ALLOWED(HttpStatus.METHOD_NOT_ALLOWED, ErrorCode.GENERAL),
    /** The endpoint cannot produce any type the {@code Accept} header asks for. */
    NOT_ACCEPTABLE(HttpStatus.NOT_ACCEPTABLE, ErrorCode.GENERAL),
    /** The body, the request line or the headers exceed the server's limits. */
    PAYLOAD_TOO_LARGE(HttpStatus.REQUEST_ENTITY_TOO_LARGE, ErrorCode.GENERAL),
    /** The endpoint does not read the body's content type. */
    UNSUPPORTED_MEDIA_TYPE(HttpStatus.UNSUPPORTED_MEDIA_TYPE, ErrorCode.GENERAL),
    /** A defect of the server; the log has the details, the answer does not. */
    INTERNAL_ERROR(HttpStatus.INTERNAL_SERVER_ERROR, ErrorCode.GENERAL),
    /** No valid configuration has been loaded yet, so there is nothing to answer from. */
    NOT_SERVING(HttpStatus.SERVICE_UNAVAILABLE, ErrorCode.GENERAL);

    private final HttpStatus status;
    private final ErrorCode ofrepCode;

    ApiError(HttpStatus status, ErrorCode ofrepCode) {
        this.status = status;
        this.ofrepCode = ofrepCode;
    }

    public HttpStatus status() {
        return status;
    }

    /** The OFREP {@code errorCode} of this error on an OFREP path (4xx only: OFREP's 5xx bodies carry none). */
    public ErrorCode ofrepCode() {
        return ofrepCode;
    }

    /** The code for an answer Micronaut chose only the status of (a status without a code of its own). */
    static ApiError forStatus(int status) {
        for (ApiError error : values()) {
            if (error.status.getCode() == status) {
                return error;
            }
        }
        return status >= 500 ? INTERNAL_ERROR : BAD_REQUEST;
    }
}
