package dev.gitflags.server;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.core.annotation.Order;
import io.micronaut.core.order.Ordered;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpMethod;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.RequestFilter;
import io.micronaut.http.annotation.ServerFilter;

/**
 * Read-only by construction: every PUT, PATCH and DELETE, and every POST outside {@code /ofrep/}, is answered
 * 405 before routing, whatever the path — but {@code /}, which the router answers 405 itself (its one route is a
 * GET): Micronaut hands a request whose URI cannot be parsed to the error handler as a request for {@code /},
 * and that must stay a 400, whatever its verb.
 */
@ServerFilter(ServerFilter.MATCH_ALL_PATTERN)
@Order(Ordered.HIGHEST_PRECEDENCE)
public final class ReadOnlyFilter {

    @RequestFilter
    @Nullable
    public MutableHttpResponse<?> rejectWrites(HttpRequest<?> request) {
        HttpMethod method = request.getMethod();
        String path = request.getPath();
        boolean write = method == HttpMethod.PUT || method == HttpMethod.PATCH || method == HttpMethod.DELETE
                || (method == HttpMethod.POST && !path.startsWith("/ofrep/"));
        return write && !path.equals("/") ? methodNotAllowed(request) : null;
    }

    private static MutableHttpResponse<?> methodNotAllowed(HttpRequest<?> request) {
        String path = request.getPath();
        return Responses.error(path, ApiError.METHOD_NOT_ALLOWED,
                        "gitflags serves flags read-only; " + request.getMethodName() + " is not allowed here")
                .header(HttpHeaders.ALLOW, path.startsWith("/ofrep/") ? "POST" : "GET, HEAD");
    }
}
