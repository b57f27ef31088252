package dev.gitflags.internal.load;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SchemaRegistryConfig;
import com.networknt.schema.SpecificationVersion;
import com.networknt.schema.path.NodePath;
import dev.gitflags.internal.graph.Suggestions;
import dev.gitflags.internal.model.Problem;
import dev.gitflags.internal.model.ProblemCode;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Checks a {@link YamlDocument} against the JSON Schema of its kind (draft 2020-12, networknt) and turns each
 * error into a {@link Problem} located at the YAML node it is about. The schemas are loaded once; validation is
 * thread-safe.
 */
public final class SchemaValidator {

    private static final Map<FileKind, JsonNode> RAW = new EnumMap<>(FileKind.class);
    private static final Map<FileKind, Schema> SCHEMAS = new EnumMap<>(FileKind.class);

    static {
        ObjectMapper mapper = new ObjectMapper();
        SchemaRegistry registry = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12,
                builder -> builder.schemaRegistryConfig(SchemaRegistryConfig.builder().locale(Locale.ENGLISH).build()));
        for (FileKind kind : FileKind.values()) {
            String resource = FileKind.CLASSPATH_FOLDER + kind.schemaFile();
            try (InputStream in = SchemaValidator.class.getClassLoader().getResourceAsStream(resource)) {
                if (in == null) {
                    throw new IllegalStateException("schema missing from the classpath: " + resource);
                }
                JsonNode raw = mapper.readTree(in);
                Schema schema = registry.getSchema(raw);
                schema.initializeValidators();
                RAW.put(kind, raw);
                SCHEMAS.put(kind, schema);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read schema " + resource, e);
            }
        }
    }

    private SchemaValidator() {
    }

    /** Every schema violation of {@code document}, located. */
    public static List<Problem> validate(FileKind kind, YamlDocument document) {
        List<Error> errors = SCHEMAS.get(kind).validate(document.toJson());
        List<Problem> problems = new ArrayList<>(errors.size());
        for (Error error : errors) {
            problems.add(toProblem(kind, document, error));
        }
        return problems;
    }

    private static Problem toProblem(FileKind kind, YamlDocument document, Error error) {
        List<Object> path = segments(error.getInstanceLocation());
        String keyword = error.getKeyword() == null ? "" : error.getKeyword();
        String where = path.isEmpty() ? "" : "'" + pathText(path) + "': ";
        String hint = "";
        boolean atKey = false;
        switch (keyword) {
            case "additionalProperties", "unevaluatedProperties" -> {
                path.add(error.getProperty());
                atKey = true;
                List<String> allowed = allowedProperties(kind, error);
                hint = allowed.isEmpty() ? "remove it"
                        : Suggestions.nearest(error.getProperty(), allowed)
                        .map(name -> "did you mean '" + name + "'?")
                        .orElse("allowed here: " + String.join(", ", allowed));
            }
            case "propertyNames" -> {
                path.add(error.getProperty());
                atKey = true;
                hint = "keys use letters, digits, '.', '_' and '-', starting with a letter or digit";
            }
            case "required" -> {
                atKey = true;
                hint = "default_value".equals(error.getProperty()) ? defaultValueHint(error.getInstanceNode())
                        : "add '" + error.getProperty() + ":'";
            }
            case "enum" -> hint = "use one of " + error.getSchemaNode();
            case "type" -> hint = "write a value of the expected type; quote text that looks like a number or true/false";
            case "minimum", "maximum" -> hint = "percentages and weights are integers from 0 to 100";
            case "pattern" -> hint = "requires".equals(path.isEmpty() ? null : path.get(path.size() - 1))
                    ? "write the gitflags version as MAJOR.MINOR or MAJOR.MINOR.PATCH, quoted, e.g. \"0.2\""
                    : "slugs use lower-case letters, digits, '-' and '_'";
            default -> hint = "see " + kind.schemaFile() + " for the format";
        }
        return Problem.of(ProblemCode.E_SCHEMA, document.originAt(path, atKey), where + error.getMessage(), hint);
    }

    /**
     * A flag without default_value: for a boolean flag, how to ship it dark. Nothing is assumed for it, since
     * serving true (the old default) would switch a new flag on everywhere the moment it is merged.
     */
    private static String defaultValueHint(JsonNode flag) {
        JsonNode type = flag == null ? null : flag.get("type");
        if (type != null && "boolean".equals(type.asText())) {
            return "add 'default_value: false' to ship the flag dark, off until a rule or rollout turns it on";
        }
        return "add 'default_value:' with a value of the flag's type";
    }

    /** The property names the schema object around an additionalProperties error declares. */
    private static List<String> allowedProperties(FileKind kind, Error error) {
        NodePath fragment = error.getSchemaLocation().getFragment();
        JsonNode node = RAW.get(kind);
        for (int i = 0; i < fragment.getNameCount() - 1 && node != null; i++) {
            Object element = fragment.getElement(i);
            node = element instanceof Integer index ? node.get(index) : node.get(String.valueOf(element));
        }
        List<String> names = new ArrayList<>();
        if (node != null && node.get("properties") != null) {
            Iterator<String> fields = node.get("properties").fieldNames();
            fields.forEachRemaining(names::add);
        }
        return names;
    }

    private static List<Object> segments(NodePath path) {
        List<Object> segments = new ArrayList<>();
        for (int i = 0; i < path.getNameCount(); i++) {
            segments.add(path.getElement(i));
        }
        return segments;
    }

    private static String pathText(List<Object> path) {
        StringBuilder text = new StringBuilder();
        for (Object segment : path) {
            if (segment instanceof Integer index) {
                text.append('[').append(index).append(']');
            } else {
                if (!text.isEmpty()) {
                    text.append('.');
                }
                text.append(segment);
            }
        }
        return text.toString();
    }
}
