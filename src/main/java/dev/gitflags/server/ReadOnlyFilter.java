package dev.gitflags.server;

import dev.gitflags.server.ApiResponses.ErrorBody;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.core.annotation.Order;
import io.micronaut.core.order.Ordered;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpMethod;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.RequestFilter;
import io.micronaut.http.annotation.ServerFilter;

/**
 * Read-only by construction: every PUT, PATCH and DELETE, and every POST outside {@code /ofrep/}, is answered
 * 405 before routing, whatever the path.
 */
@ServerFilter(ServerFilter.MATCH_ALL_PATTERN)
@Order(Ordered.HIGHEST_PRECEDENCE)
public final class ReadOnlyFilter {

    @RequestFilter
    @Nullable
    public MutableHttpResponse<ErrorBody> rejectWrites(HttpRequest<?> request) {
        HttpMethod method = request.getMethod();
        boolean write = method == HttpMethod.PUT || method == HttpMethod.PATCH || method == HttpMethod.DELETE
                || (method == HttpMethod.POST && !request.getPath().startsWith("/ofrep/"));
        return write ? methodNotAllowed(request) : null;
    }

    static MutableHttpResponse<ErrorBody> methodNotAllowed(HttpRequest<?> request) {
        boolean ofrep = request.getPath().startsWith("/ofrep/");
        return Responses.error(HttpStatus.METHOD_NOT_ALLOWED, "METHOD_NOT_ALLOWED",
                        "gitflags serves flags read-only; " + request.getMethodName() + " is not allowed here")
                .header(HttpHeaders.ALLOW, ofrep ? "POST" : "GET, HEAD");
    }
}
