package dev.gitflags.server;

import dev.gitflags.server.ApiResponses.ErrorBody;
import io.micronaut.core.convert.exceptions.ConversionErrorException;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Error;
import io.micronaut.http.exceptions.ContentLengthExceededException;
import io.micronaut.http.exceptions.HttpStatusException;
import io.micronaut.web.router.exceptions.UnsatisfiedRouteException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns every failure into a small JSON {@link ErrorBody}: unknown paths, wrong verbs, oversized or malformed
 * requests, and anything unexpected. No stack trace ever reaches a response; unexpected ones go to the log.
 */
@Controller
public final class ErrorController {

    private static final Logger LOG = LoggerFactory.getLogger(ErrorController.class);

    @Error(global = true, status = HttpStatus.NOT_FOUND)
    public HttpResponse<ErrorBody> notFound(HttpRequest<?> request) {
        return Responses.error(HttpStatus.NOT_FOUND, "NOT_FOUND", "no endpoint at " + request.getPath());
    }

    @Error(global = true, status = HttpStatus.METHOD_NOT_ALLOWED)
    public HttpResponse<ErrorBody> methodNotAllowed(HttpRequest<?> request) {
        return ReadOnlyFilter.methodNotAllowed(request);
    }

    @Error(global = true)
    public HttpResponse<ErrorBody> failure(HttpRequest<?> request, Throwable failure) {
        if (failure instanceof ContentLengthExceededException) {
            return Responses.error(HttpStatus.REQUEST_ENTITY_TOO_LARGE, "PAYLOAD_TOO_LARGE",
                    "the request body exceeds the limit of 64 KiB");
        }
        if (failure instanceof ConversionErrorException || failure instanceof UnsatisfiedRouteException) {
            return Responses.error(HttpStatus.BAD_REQUEST, "BAD_REQUEST", failure.getMessage());
        }
        if (failure instanceof HttpStatusException status) {
            return Responses.error(status.getStatus(), status.getStatus().name(), status.getMessage());
        }
        LOG.error("{} {} failed", request.getMethodName(), request.getPath(), failure);
        return Responses.error(HttpStatus.INTERNAL_SERVER_ERROR, "INTERNAL_ERROR",
                "the server failed to answer; see its log");
    }
}
