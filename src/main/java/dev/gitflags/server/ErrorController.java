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
 * Turns every exception into a small JSON {@link ErrorBody}: oversized or malformed requests, and anything
 * unexpected, including Micronaut's own "no route" and "wrong verb". No stack trace ever reaches a response;
 * unexpected failures go to the log.
 */
@Controller
public final class ErrorController {

    private static final Logger LOG = LoggerFactory.getLogger(ErrorController.class);

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
            // Micronaut's own answers: no route (404), a route for other verbs (405), unsupported media (415).
            String message = status.getStatus() == HttpStatus.NOT_FOUND
                    ? "no endpoint at " + request.getPath() : status.getMessage();
            return Responses.error(status.getStatus(), status.getStatus().name(), message);
        }
        LOG.error("{} {} failed", request.getMethodName(), request.getPath(), failure);
        return Responses.error(HttpStatus.INTERNAL_SERVER_ERROR, "INTERNAL_ERROR",
                "the server failed to answer; see its log");
    }
}
