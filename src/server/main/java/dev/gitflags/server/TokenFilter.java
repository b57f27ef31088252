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

import java.util.Locale;

/**
 * When a token is configured, every endpoint but {@code /health}, the web view's page shell ({@code /},
 * {@code /web/*}: static files with no flag data) and CORS preflights (which carry no credentials; Micronaut's CORS
 * filter answers them) needs one, as {@code Authorization: Bearer …} or {@code X-API-Key: …}, whose scope opens it
 * ({@link #scopeOf}): no valid token is 401, a valid one without the scope 403. Without a token the filter lets
 * everything through. The event streams are answered before Micronaut's filters ({@link EventStreams}), which
 * applies the same rule with the same {@link ApiToken}.
 */
@ServerFilter(ServerFilter.MATCH_ALL_PATTERN)
@Order(Ordered.HIGHEST_PRECEDENCE + 2)
public final class TokenFilter {

    static final String API_KEY_HEADER = "X-API-Key";

    private final ApiToken token;

    public TokenFilter(ApiToken token) {
        this.token = token;
    }

    @RequestFilter
    @Nullable
    public MutableHttpResponse<?> authenticate(HttpRequest<?> request) {
        String path = request.getPath();
        if (!token.isRequired() || isPublic(path) || isPreflight(request)) {
            return null;
        }
        String presented = ApiToken.presented(request.getHeaders().get(HttpHeaders.AUTHORIZATION),
                request.getHeaders().get(API_KEY_HEADER));
        ApiToken.Scope needed = scopeOf(path);
        if (token.admits(presented, needed)) {
            return null;
        }
        if (token.admits(presented)) {
            return Responses.error(path, ApiError.FORBIDDEN, "this token's scope does not open " + path
                    + ": it needs the " + needed.name().toLowerCase(Locale.ROOT) + " scope");
        }
        return Responses.error(path, ApiError.UNAUTHORIZED,
                        "this server needs a token: send 'Authorization: Bearer <token>' or 'X-API-Key: <token>'")
                .header(HttpHeaders.WWW_AUTHENTICATE, "Bearer");
    }

    /**
     * The scope an endpoint needs: evaluate for OFREP ({@code /ofrep/}) and the event streams, definitions for
     * everything else that holds flag data: {@code /api/v1} (resolved flags with their rules, the matrix),
     * {@code /sync/v1}, {@code /status}.
     */
    static ApiToken.Scope scopeOf(String path) {
        return path.startsWith("/ofrep/") || path.startsWith(EventStreams.PATH) ? ApiToken.Scope.EVALUATE
                : ApiToken.Scope.DEFINITIONS;
    }

    /** The page shell holds no data; the page then sends the token on its own requests for data. */
    private static boolean isPublic(String path) {
        return path.equals("/health") || path.equals("/") || path.startsWith("/web/");
    }

    private static boolean isPreflight(HttpRequest<?> request) {
        return request.getMethod() == HttpMethod.OPTIONS
                && request.getHeaders().contains(HttpHeaders.ORIGIN)
                && request.getHeaders().contains(HttpHeaders.ACCESS_CONTROL_REQUEST_METHOD);
    }
}
