package dev.gitflags.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.Yaml;

/**
 * Turns plain documents (maps, lists, scalars) into JSON (Jackson) or YAML (SnakeYAML) text for command output.
 * Values inside text lines are {@code view.ValueText}'s.
 */
public final class DocumentWriter {

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private DocumentWriter() {
    }

    /** Pretty-printed JSON, without a trailing newline. */
    public static String json(Object document) {
        try {
            return JSON.writeValueAsString(document);
        } catch (JsonProcessingException impossible) {
            // Only maps, lists and scalars reach here, which Jackson always serializes.
            throw new IllegalStateException(impossible);
        }
    }

    /** Block-style YAML ending with a newline. */
    public static String yaml(Object document) {
        DumperOptions options = new DumperOptions();
        options.setDefaultFlowStyle(DumperOptions.FlowStyle.BLOCK);
        options.setIndent(2);
        options.setIndicatorIndent(2);
        options.setIndentWithIndicator(true);
        options.setSplitLines(false);
        // A fresh Yaml per call: SnakeYAML instances are not thread-safe and output is small.
        return new Yaml(options).dump(document);
    }
}
