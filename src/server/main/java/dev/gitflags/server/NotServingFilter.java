package dev.gitflags.server;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.core.annotation.Order;
import io.micronaut.core.order.Ordered;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.RequestFilter;
import io.micronaut.http.annotation.ServerFilter;

/**
 * "Not serving", answered once for every endpoint that needs a snapshot ({@code /api/**}, {@code /ofrep/**}):
 * while no valid configuration is loaded, 503 {@link ApiError#NOT_SERVING} (OFREP's 5xx body on OFREP paths).
 * A state never stops serving once it serves, so the controllers behind this filter always have a snapshot.
 * {@code /health} (503 DOWN), {@code /status} and the web page shell answer in that state too.
 */
@ServerFilter({"/api/**", "/ofrep/**"})
@Order(Ordered.HIGHEST_PRECEDENCE + 3)
public final class NotServingFilter {

    static final String MESSAGE = "no valid configuration is loaded yet; /status says why";

    private final SnapshotHolder holder;

    public NotServingFilter(SnapshotHolder holder) {
        this.holder = holder;
    }

    @RequestFilter
    @Nullable
    public MutableHttpResponse<?> requireSnapshot(HttpRequest<?> request) {
        return holder.current().isServing() ? null
                : Responses.error(request.getPath(), ApiError.NOT_SERVING, MESSAGE);
    }
}
