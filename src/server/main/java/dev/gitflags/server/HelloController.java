package dev.gitflags.server;

import io.micronaut.context.annotation.Requires;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;

/**
 * {@code GET /bench/hello}: a constant text, the baseline the load test (bench/http.sh) compares the flag
 * endpoints with. It reads no state, so it measures the HTTP stack alone. Not part of the served API: it exists
 * only when {@link #ENABLED_PROPERTY} is true, which {@code gitflags serve --bench-endpoints} (hidden) sets.
 */
@Controller("/bench")
@Requires(property = HelloController.ENABLED_PROPERTY, value = "true")
public final class HelloController {

    /** The Micronaut property that registers the benchmark endpoints. */
    public static final String ENABLED_PROPERTY = "gitflags.bench-endpoints";

    @Get(value = "/hello", produces = MediaType.TEXT_PLAIN)
    public String hello() {
        return "hello";
    }
}
