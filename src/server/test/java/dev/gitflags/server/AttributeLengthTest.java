package dev.gitflags.server;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gitflags.internal.LoadResult;
import dev.gitflags.internal.eval.EvaluationContext;
import dev.gitflags.internal.eval.EvaluationResult;
import dev.gitflags.internal.eval.Evaluator;
import dev.gitflags.internal.load.ConfigSource;
import dev.gitflags.internal.load.ConfigSources;
import dev.gitflags.internal.load.Loader;
import dev.gitflags.internal.load.WorkingTreeSource;
import dev.gitflags.internal.model.Problem;
import dev.gitflags.internal.model.ProblemCode;
import dev.gitflags.testing.Cli;
import dev.gitflags.testing.TestRepo;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code max_attribute_length} in gitflags.yaml bounds what a condition examines, and every evaluator — embedded
 * (Loader + Evaluator), {@code gitflags eval} and the server's OFREP endpoint — applies the repository's bound alike.
 */
class AttributeLengthTest {

    private static final String FLAGS = """
            flags:
              beta:
                type: boolean
                default_value: false
                rules:
                  - name: a-names
                    conditions:
                      - {attribute: name, operator: matches, value: "^a+$"}
                    serve: {enabled: true}
            """;

    @TempDir
    Path dir;

    private TestRepo repoWithBound(int maxLength) {
        TestRepo repo = TestRepo.init(dir);
        repo.write(Map.of("gitflags.yaml", settings(maxLength), "flags/app.yaml", FLAGS,
                "environments/production.yaml", "name: Production\n")).commit("bounded attributes");
        return repo;
    }

    private static String settings(int maxLength) {
        return "default_environment: production\nmax_attribute_length: " + maxLength + "\n";
    }

    private Object embedded(String name) throws Exception {
        try (ConfigSource source = ConfigSources.open(dir, "HEAD")) {
            LoadResult result = new Loader().load(source);
            assertTrue(result.isValid(), () -> result.problems().toString());
            EvaluationResult evaluation = Evaluator.evaluate(result.snapshot(), "production", "beta",
                    new EvaluationContext("user-1", Map.of("name", name)));
            return evaluation.value();
        }
    }

    private Object cli(String name) throws Exception {
        Cli cli = Cli.run("eval", "--repo", dir.toString(), "--ref", "HEAD", "--env", "production", "beta",
                "--attr", "name=" + name, "--format", "json");
        assertEquals(0, cli.exitCode(), cli.transcript());
        return new ObjectMapper().readTree(cli.out()).get("value").asBoolean();
    }

    private static Object served(Http http, String name) {
        Http.Reply reply = http.post("/ofrep/v1/evaluate/flags/beta",
                "{\"context\": {\"targetingKey\": \"user-1\", \"name\": \"" + name + "\"}}");
        assertEquals(200, reply.status(), reply.body());
        return reply.json().get("value").asBoolean();
    }

    @Test
    void everyEvaluatorIgnoresAValueLongerThanTheRepositorysBound() throws Exception {
        String longest = "a".repeat(16);
        String tooLong = "a".repeat(17);
        try (TestRepo repo = repoWithBound(16);
             FlagServer server = FlagServer.start(ServerOptions.of(dir, "main", 0, Duration.ofMillis(100)))) {
            Http http = new Http(server);
            for (String name : new String[]{longest, tooLong}) {
                boolean examined = name.length() <= 16;
                assertEquals(examined, embedded(name), "embedded, " + name.length() + " characters");
                assertEquals(examined, cli(name), "gitflags eval, " + name.length() + " characters");
                assertEquals(examined, served(http, name), "OFREP, " + name.length() + " characters");
            }

            // A new bound reaches the running server, although no flag file changed.
            String raised = repo.write("gitflags.yaml", settings(17)).commit("a longer bound").name();
            ReloadTest.awaitJson(http, "/status", body -> body.path("commit").asText().equals(raised));
            assertEquals(true, served(http, tooLong));
            assertEquals(true, cli(tooLong));
        }
    }

    @Test
    void theBoundIsAPositiveNumberOfCharacters() throws Exception {
        try (TestRepo repo = repoWithBound(0)) {
            LoadResult result = new Loader().load(new WorkingTreeSource(repo.dir()));
            assertFalse(result.isValid());
            Problem problem = result.problems().get(0);
            assertEquals(ProblemCode.E_SCHEMA, problem.code(), problem.toString());
            assertEquals("gitflags.yaml:2:23", problem.origin().toString(), problem.toString());
            assertEquals(1, result.problems().size(), result.problems().toString());
        }
    }

    @Test
    void aRepositoryWithoutTheSettingExaminesUpTo4096Characters() throws Exception {
        try (TestRepo repo = TestRepo.init(dir)) {
            repo.write(Map.of("gitflags.yaml", "default_environment: production\n", "flags/app.yaml", FLAGS,
                    "environments/production.yaml", "name: Production\n")).commit("default bound");
            assertEquals(true, embedded("a".repeat(4096)));
            assertEquals(false, embedded("a".repeat(4097)));
        }
    }
}
