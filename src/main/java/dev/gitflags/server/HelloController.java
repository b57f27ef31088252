package dev.gitflags.server;

import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;

/**
 * {@code GET /bench/hello}: a constant text, the baseline the load test (bench/http.sh) compares the flag
 * endpoints with. It reads no state, so it measures the HTTP stack alone.
 */
@Controller("/bench")
public final class HelloController {

    @Get(value = "/hello", produces = MediaType.TEXT_PLAIN)
    public String hello() {
        return "hello";
    }
}
