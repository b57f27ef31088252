package dev.gitflags.server;

import io.micronaut.core.convert.exceptions.ConversionErrorException;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Error;
import io.micronaut.http.exceptions.ContentLengthExceededException;
import io.micronaut.http.exceptions.HttpStatusException;
import io.micronaut.http.server.exceptions.NotAllowedException;
import io.micronaut.web.router.exceptions.UnsatisfiedRouteException;
import io.netty.handler.codec.DecoderException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.URISyntaxException;
import java.util.TreeSet;

/**
 * Turns every exception into the error shape of the path ({@link Responses#error(String, ApiError, String)}):
 * malformed or oversized requests, Micronaut's own "no route" and "wrong verb", and anything unexpected. No stack
 * trace ever reaches a response. A bad request costs at most one debug line in the log; only a defect of the
 * server (500) is logged with its stack trace.
 */
@Controller
public final class ErrorController {

    private static final Logger LOG = LoggerFactory.getLogger(ErrorController.class);

    @Error(global = true)
    public HttpResponse<?> failure(HttpRequest<?> request, Throwable failure) {
        if (failure instanceof URISyntaxException bad) {
            // Micronaut could not parse the URI and passes this request on as one for "/": the input is the path.
            String path = bad.getInput().split("\\?", 2)[0];
            return rejected(request, path, ApiError.BAD_REQUEST,
                    "the request URI is not valid: " + bad.getReason() + " at index " + bad.getIndex());
        }
        String path = request.getPath();
        if (failure instanceof ContentLengthExceededException) {
            return rejected(request, path, ApiError.PAYLOAD_TOO_LARGE, "the request body exceeds the limit of 64 KiB");
        }
        if (failure instanceof DecoderException) {
            // Netty could not decode the body, e.g. a Content-Encoding: deflate whose bytes are not deflate.
            return rejected(request, path, ApiError.BAD_REQUEST, "the request body cannot be decoded: "
                    + failure.getMessage());
        }
        if (failure instanceof ConversionErrorException || failure instanceof UnsatisfiedRouteException) {
            return rejected(request, path, ApiError.BAD_REQUEST, failure.getMessage());
        }
        if (failure instanceof NotAllowedException wrongVerb) {
            String allowed = String.join(", ", new TreeSet<>(wrongVerb.getAllowedMethods()));
            return rejected(request, path, ApiError.METHOD_NOT_ALLOWED,
                    request.getMethodName() + " is not allowed here; " + path + " answers " + allowed)
                    .header(HttpHeaders.ALLOW, allowed);
        }
        if (failure instanceof HttpStatusException status && status.getStatus().getCode() < 500) {
            // Micronaut's own answers: no route (404), unsupported media (415), nothing acceptable (406).
            String message = status.getStatus() == HttpStatus.NOT_FOUND ? "no endpoint at " + path
                    : status.getMessage();
            return rejected(request, path, ApiError.forStatus(status.getStatus().getCode()), message);
        }
        LOG.error("{} {} failed", request.getMethodName(), path, failure);
        return Responses.error(path, ApiError.INTERNAL_ERROR, "the server failed to answer; see its log");
    }

    private static MutableHttpResponse<?> rejected(HttpRequest<?> request, String path, ApiError error,
                                                  String message) {
        LOG.debug("{} {} rejected: {} {}", request.getMethodName(), path, error, message);
        return Responses.error(path, error, message);
    }
}
