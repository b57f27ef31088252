package dev.gitflags.internal.view;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gitflags.testing.Cli;
import dev.gitflags.testing.Fixtures;
import dev.gitflags.testing.TestRepo;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Values in text are JSON, escaped by Jackson: a newline, a tab or a control character never breaks a line. */
class ValueTextTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path temp;

    @Test
    void aValueIsItsCompactJsonThatReadsBackAsTheValue() throws Exception {
        Map<String, Object> value = new LinkedHashMap<>();
        value.put("text", "line one\nline two\t\"quoted\" \\ \u0001 é ✓");
        value.put("list", List.of(1L, 2.5, true));

        String text = ValueText.value(value);

        assertEquals("{\"text\":\"line one\\nline two\\t\\\"quoted\\\" \\\\ \\u0001 é ✓\",\"list\":[1,2.5,true]}", text);
        assertEquals(value.get("text"), JSON.readTree(text).get("text").asText(), "reads back");
        assertEquals("null", ValueText.value(null));
    }

    @Test
    void diffPrintsAChangedMultiLineValueOnOneLine() throws Exception {
        try (TestRepo repo = Fixtures.Promotion.repo(temp.resolve("repo"))) {
            repo.write("flags/core.yaml", Fixtures.Promotion.FLAGS.replace("default_value: plain",
                    "default_value: \"two\\nlines\\u0007\""));
            repo.commit("a value with a newline and a bell");

            Cli diff = Cli.run("diff", "--repo", repo.dir().toString(), "HEAD~1", "HEAD");

            assertEquals(1, diff.exitCode(), diff.transcript());
            assertTrue(diff.out().startsWith("production\n  theme\n    default_value: \"plain\" → \"two\\nlines\\u0007\""
                    + "  (flags/core.yaml:15)\n"), diff.out());
        }
    }
}
