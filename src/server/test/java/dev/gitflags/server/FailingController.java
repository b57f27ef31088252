package dev.gitflags.server;

import io.micronaut.context.annotation.Requires;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Post;

/**
 * A defect on demand, to test the server's 500: it exists only on the test class path and only in a server
 * started with {@code gitflags.test.failing-endpoints=true}.
 */
@Controller
@Requires(property = "gitflags.test.failing-endpoints", value = "true")
final class FailingController {

    @Get("/api/v1/test-defect")
    String rest() {
        throw new IllegalStateException("a defect of the server, on purpose");
    }

    @Post("/ofrep/v1/test-defect")
    String ofrep() {
        throw new IllegalStateException("a defect of the server, on purpose");
    }
}
