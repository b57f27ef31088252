package dev.gitflags.server;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.micronaut.context.annotation.Requires;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;

/**
 * {@code GET /metrics}: every meter in the Prometheus text format, or OpenMetrics when the scraper's
 * {@code Accept} asks for it (Prometheus does). Needs the token when one is configured, like every data endpoint.
 * Absent (404) when {@code micronaut.metrics.enabled} is false, which leaves no registry.
 */
@Controller
@Requires(beans = PrometheusMeterRegistry.class)
public final class MetricsController {

    /** The content types of the Prometheus client's two text writers, which the registry picks by them. */
    static final String OPEN_METRICS = "application/openmetrics-text; version=1.0.0; charset=utf-8";
    static final String PROMETHEUS_TEXT = "text/plain; version=0.0.4; charset=utf-8";

    private final PrometheusMeterRegistry registry;

    public MetricsController(PrometheusMeterRegistry registry) {
        this.registry = registry;
    }

    @Get(uri = "/metrics", produces = {MediaType.TEXT_PLAIN, "application/openmetrics-text"})
    public HttpResponse<String> metrics(HttpRequest<?> request) {
        String accept = request.getHeaders().get(HttpHeaders.ACCEPT);
        String type = accept != null && accept.contains("application/openmetrics-text")
                ? OPEN_METRICS : PROMETHEUS_TEXT;
        return HttpResponse.ok(registry.scrape(type)).header(HttpHeaders.CONTENT_TYPE, type)
                .header(HttpHeaders.CACHE_CONTROL, "no-store");
    }
}
