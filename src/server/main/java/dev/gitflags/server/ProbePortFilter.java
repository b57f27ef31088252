package dev.gitflags.server;

import io.micronaut.context.annotation.Requires;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.core.annotation.Order;
import io.micronaut.core.order.Ordered;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.RequestFilter;
import io.micronaut.http.annotation.ServerFilter;

/**
 * The probe port answers {@code /health} and nothing else (404), so that no slow request can be sent to the
 * thread that answers probes. Both ports share Micronaut's routes; the request's local port tells them apart.
 */
@ServerFilter(ServerFilter.MATCH_ALL_PATTERN)
@Order(Ordered.HIGHEST_PRECEDENCE + 1)
@Requires(beans = ProbeServer.class)
public final class ProbePortFilter {

    private final ProbeServer probes;

    public ProbePortFilter(ProbeServer probes) {
        this.probes = probes;
    }

    @RequestFilter
    @Nullable
    public MutableHttpResponse<?> onlyHealth(HttpRequest<?> request) {
        if (request.getPath().equals("/health") || !probes.owns(request.getServerAddress().getPort())) {
            return null;
        }
        return Responses.error(request.getPath(), ApiError.NOT_FOUND,
                "the probe port answers only GET /health; everything else is on the main port");
    }
}
