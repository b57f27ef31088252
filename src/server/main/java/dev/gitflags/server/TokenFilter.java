package dev.gitflags.server;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.core.annotation.Order;
import io.micronaut.core.order.Ordered;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.RequestFilter;
import io.micronaut.http.annotation.ServerFilter;

/**
 * When a token is configured, every endpoint but {@code /health} and the web view's page shell ({@code /},
 * {@code /web/*}: static files with no flag data) needs it, as {@code Authorization: Bearer …} or
 * {@code X-API-Key: …}; anything else is 401. Without a token the filter lets everything through.
 */
@ServerFilter(ServerFilter.MATCH_ALL_PATTERN)
@Order(Ordered.HIGHEST_PRECEDENCE + 2)
public final class TokenFilter {

    static final String API_KEY_HEADER = "X-API-Key";
    private static final String BEARER = "Bearer ";

    private final ApiToken token;

    public TokenFilter(ApiToken token) {
        this.token = token;
    }

    @RequestFilter
    @Nullable
    public MutableHttpResponse<?> authenticate(HttpRequest<?> request) {
        if (!token.isRequired() || isPublic(request.getPath())) {
            return null;
        }
        if (token.admits(presented(request))) {
            return null;
        }
        return Responses.error(request.getPath(), ApiError.UNAUTHORIZED,
                        "this server needs a token: send 'Authorization: Bearer <token>' or 'X-API-Key: <token>'")
                .header(HttpHeaders.WWW_AUTHENTICATE, "Bearer");
    }

    /** The page shell holds no data; the page then sends the token on its own requests for data. */
    private static boolean isPublic(String path) {
        return path.equals("/health") || path.equals("/") || path.startsWith("/web/");
    }

    private static String presented(HttpRequest<?> request) {
        String authorization = request.getHeaders().get(HttpHeaders.AUTHORIZATION);
        if (authorization != null && authorization.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
            return authorization.substring(BEARER.length()).strip();
        }
        String apiKey = request.getHeaders().get(API_KEY_HEADER);
        return apiKey == null ? null : apiKey.strip();
    }
}
