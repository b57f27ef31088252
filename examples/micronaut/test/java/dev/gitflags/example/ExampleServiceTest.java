package dev.gitflags.example;

import dev.gitflags.testing.Fixtures;
import dev.gitflags.testing.TestRepo;
import io.micronaut.context.ApplicationContext;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.client.BlockingHttpClient;
import io.micronaut.http.client.HttpClient;
import io.micronaut.runtime.server.EmbeddedServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The example service on a random port: two requests naming different environments get different values. */
class ExampleServiceTest {

    @TempDir
    Path dir;

    @Test
    void eachRequestEvaluatesInTheEnvironmentItsHeaderNames() {
        try (TestRepo repo = Fixtures.Serving.repo(dir);
             EmbeddedServer server = ApplicationContext.run(EmbeddedServer.class, Map.of(
                     "gitflags.repo", dir.toString(), "gitflags.ref", "main", "micronaut.server.port", -1));
             HttpClient http = HttpClient.create(server.getURL())) {
            BlockingHttpClient client = http.toBlocking();

            assertEquals("Welcome to staging", client.retrieve(HttpRequest.GET("/banner")
                    .header("X-Environment", "staging")));
            assertEquals("Welcome", client.retrieve(HttpRequest.GET("/banner").header("X-Environment", "production")));
            assertEquals("Welcome", client.retrieve(HttpRequest.GET("/banner")), "no header: the default environment");
            assertEquals("Welcome to staging", client.retrieve(HttpRequest.GET("/banner")
                    .header("X-Environment", "dev")), "dev inherits staging's banner");
        }
    }
}
