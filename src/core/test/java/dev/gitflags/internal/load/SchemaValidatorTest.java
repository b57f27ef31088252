package dev.gitflags.internal.load;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gitflags.internal.model.Origin;
import dev.gitflags.internal.model.Problem;
import dev.gitflags.internal.model.ProblemCode;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SchemaValidatorTest {

    private static List<Problem> validate(FileKind kind, String yaml) {
        YamlReader.Result read = new YamlReader(LoadLimits.DEFAULT).read("f.yaml", yaml.getBytes(StandardCharsets.UTF_8));
        assertEquals(List.of(), read.problems());
        return SchemaValidator.validate(kind, read.document()).stream().sorted().toList();
    }

    @Test
    void schemasArePackagedOnTheClasspathWithIds() throws Exception {
        for (FileKind kind : FileKind.values()) {
            try (var in = getClass().getClassLoader().getResourceAsStream(FileKind.CLASSPATH_FOLDER + kind.schemaFile())) {
                assertNotNull(in, kind.schemaFile());
                JsonNode schema = new ObjectMapper().readTree(in);
                assertEquals("https://gitflags.dev/schema/" + kind.schemaFile(), schema.get("$id").asText());
                assertTrue(schema.get("description").asText().length() > 20);
            }
        }
    }

    @Test
    void definitionsSharedByFlagsAndEnvironmentsAreIdentical() throws Exception {
        ObjectMapper mapper = new ObjectMapper();
        JsonNode flags = mapper.readTree(Path.of("schema/flags.schema.json").toFile()).get("$defs");
        JsonNode environment = mapper.readTree(Path.of("schema/environment.schema.json").toFile()).get("$defs");
        for (String shared : List.of("flagKey", "percentage", "variants", "variant", "rules", "rule", "condition", "serve")) {
            assertEquals(flags.get(shared), environment.get(shared), shared);
        }
    }

    @Test
    void aValidEnvironmentPassesIncludingNullsThatInherit() {
        assertEquals(List.of(), validate(FileKind.ENVIRONMENT, """
                name: Staging
                parent: production
                active: true
                settings: {region: eu}
                overrides:
                  a: null
                  b:
                    enabled: null
                    default_value: null
                    rollout_percentage: 30
                    rules:
                      - {name: r, priority: 2, conditions: [{attribute: x, operator: eq, value: 1}], serve: v}
                    variants:
                      v: {value: 1, weight: 100}
                """));
    }

    @Test
    void errorsAreLocatedAtTheOffendingNodeOrKey() {
        List<Problem> problems = validate(FileKind.ENVIRONMENT, """
                parent: Production
                overrides:
                  b:
                    rollout_percentage: 1.5
                    rules:
                      - serve: 3
                    enabeld: true
                """);
        assertEquals(List.of(new Origin("f.yaml", 1, 9), new Origin("f.yaml", 4, 25), new Origin("f.yaml", 6, 16),
                new Origin("f.yaml", 7, 5)), problems.stream().map(Problem::origin).toList());
        assertTrue(problems.stream().allMatch(p -> p.code() == ProblemCode.E_SCHEMA));
        assertEquals("did you mean 'enabled'?", problems.get(3).hint());
        assertTrue(problems.get(3).message().startsWith("'overrides.b': "), problems.get(3).message());
    }

    @Test
    void settingsDetectionAcceptsANullQueryParameter() {
        assertEquals(List.of(), validate(FileKind.SETTINGS, """
                default_environment: production
                detection: {header: X-Env, query_param: null}
                """));
        assertEquals(1, validate(FileKind.SETTINGS, "default_environment: Prod\n").size());
    }
}
