package dev.gitflags.load;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gitflags.model.Origin;
import dev.gitflags.model.Problem;
import dev.gitflags.model.ProblemCode;
import dev.gitflags.model.Values;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One parsed YAML file: its node tree with marks (aliases already checked against the limits) and the way back
 * from a path inside it to {@code file:line:column}. Scalars are typed by the YAML 1.2 core schema.
 */
public final class YamlDocument {

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private final String file;
    private final Node root;
    private final JsonNode json;

    YamlDocument(String file, Node root, JsonNode json) {
        this.file = file;
        this.root = root;
        this.json = json;
    }

    /** The config-root-relative path, e.g. {@code flags/checkout.yaml}. */
    public String file() {
        return file;
    }

    /** The root node; null for an empty file. */
    public Node root() {
        return root;
    }

    /** Where {@code node} starts (1-based); the file's first line for null. */
    public Origin origin(Node node) {
        return node == null ? new Origin(file, 1, 1) : origin(node.getStartMark());
    }

    public Origin origin(Mark mark) {
        return new Origin(file, mark.getLine() + 1, mark.getColumn() + 1);
    }

    /**
     * Where the value at {@code path} (mapping keys as strings, sequence indexes as integers, like the segments
     * of a JSON pointer) starts; when {@code atKey}, where the key of its last segment starts. A path that does
     * not exist locates its deepest existing ancestor.
     */
    public Origin originAt(List<?> path, boolean atKey) {
        Node current = root;
        Node key = null;
        for (Object segment : path) {
            Node next = null;
            key = null;
            if (current instanceof MappingNode mapping) {
                for (NodeTuple tuple : mapping.getValue()) {
                    if (keyText(tuple.getKeyNode()).equals(String.valueOf(segment))) {
                        key = tuple.getKeyNode();
                        next = tuple.getValueNode();
                    }
                }
            } else if (current instanceof SequenceNode sequence) {
                int index = indexOf(segment);
                if (index >= 0 && index < sequence.getValue().size()) {
                    next = sequence.getValue().get(index);
                }
            }
            if (next == null) {
                return origin(current);
            }
            current = next;
        }
        return atKey && key != null ? origin(key) : origin(current);
    }

    /**
     * Where the value at an RFC 6901 JSON pointer starts, e.g. {@code /flags/new-checkout/rules/0/serve};
     * {@code ""} is the document.
     */
    public Origin originAt(String jsonPointer) {
        List<String> segments = new ArrayList<>();
        if (!jsonPointer.isEmpty()) {
            for (String segment : jsonPointer.substring(1).split("/", -1)) {
                segments.add(segment.replace("~1", "/").replace("~0", "~"));
            }
        }
        return originAt(segments, false);
    }

    private static int indexOf(Object segment) {
        if (segment instanceof Integer index) {
            return index;
        }
        try {
            return Integer.parseInt(String.valueOf(segment));
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    /** The node tree as JSON, for schema validation; shared (aliased) subtrees stay shared. */
    public JsonNode toJson() {
        return json;
    }

    /**
     * Converts a node tree to JSON in one walk that also finds repeated mapping keys (the last value wins in the
     * JSON). {@code done} remembers converted shared nodes; null when no node is shared.
     */
    static JsonNode toJson(String file, Node node, Map<Node, JsonNode> done, List<Problem> duplicates) {
        if (node == null) {
            return JSON.nullNode();
        }
        JsonNode known = done == null ? null : done.get(node);
        if (known != null) {
            return known;
        }
        JsonNode json;
        if (node instanceof MappingNode mapping) {
            ObjectNode object = JSON.objectNode();
            for (NodeTuple tuple : mapping.getValue()) {
                String key = keyText(tuple.getKeyNode());
                if (object.replace(key, toJson(file, tuple.getValueNode(), done, duplicates)) != null) {
                    duplicates.add(duplicateKey(file, mapping, tuple.getKeyNode(), key));
                }
            }
            json = object;
        } else if (node instanceof SequenceNode sequence) {
            ArrayNode array = JSON.arrayNode(sequence.getValue().size());
            for (Node item : sequence.getValue()) {
                array.add(toJson(file, item, done, duplicates));
            }
            json = array;
        } else {
            return scalarJson(scalarValue((ScalarNode) node));
        }
        if (done != null) {
            done.put(node, json);
        }
        return json;
    }

    private static Problem duplicateKey(String file, MappingNode mapping, Node again, String key) {
        int firstLine = 0;
        for (NodeTuple tuple : mapping.getValue()) {
            if (keyText(tuple.getKeyNode()).equals(key)) {
                firstLine = tuple.getKeyNode().getStartMark().getLine() + 1;
                break;
            }
        }
        Mark mark = again.getStartMark();
        return Problem.of(ProblemCode.E_DUPLICATE_KEY, new Origin(file, mark.getLine() + 1, mark.getColumn() + 1),
                "key '" + key + "' appears again; first at line " + firstLine, "remove one of the two, or merge them");
    }

    private static JsonNode scalarJson(Object value) {
        if (value == null) {
            return JSON.nullNode();
        }
        if (value instanceof Boolean bool) {
            return JSON.booleanNode(bool);
        }
        if (value instanceof Long number) {
            return JSON.numberNode(number);
        }
        if (value instanceof Double number) {
            return JSON.numberNode(number);
        }
        return JSON.textNode(String.valueOf(value));
    }

    /** The text of a mapping key; keys are compared and reported by their text. */
    public static String keyText(Node key) {
        if (key instanceof ScalarNode scalar) {
            return scalar.getValue();
        }
        return key.getNodeId().name();
    }

    /**
     * The plain Java value of a node, as {@link Values#normalize} would give it: null, Boolean, Long, Double,
     * String, or unmodifiable Map/List.
     */
    public static Object value(Node node) {
        if (node == null) {
            return null;
        }
        if (node instanceof MappingNode mapping) {
            Map<String, Object> map = new LinkedHashMap<>();
            for (NodeTuple tuple : mapping.getValue()) {
                map.put(keyText(tuple.getKeyNode()), value(tuple.getValueNode()));
            }
            return Values.normalize(map);
        }
        if (node instanceof SequenceNode sequence) {
            List<Object> list = new ArrayList<>(sequence.getValue().size());
            for (Node item : sequence.getValue()) {
                list.add(value(item));
            }
            return Values.normalize(list);
        }
        return scalarValue((ScalarNode) node);
    }

    /** A scalar typed by its resolved tag; anything that is not null/bool/int/float stays a string. */
    public static Object scalarValue(ScalarNode scalar) {
        Tag tag = scalar.getTag();
        String text = scalar.getValue();
        try {
            if (Tag.NULL.equals(tag)) {
                return null;
            }
            if (Tag.BOOL.equals(tag)) {
                return Boolean.parseBoolean(text.trim());
            }
            if (Tag.INT.equals(tag)) {
                return integer(text.trim());
            }
            if (Tag.FLOAT.equals(tag)) {
                return decimal(text.trim());
            }
        } catch (NumberFormatException e) {
            // An explicit !!int or !!float on text that is no number: keep the text, the schema will say so.
            return text;
        }
        return text;
    }

    private static Object integer(String text) {
        String digits = text.replace("_", "");
        if (digits.length() < 19 && !digits.startsWith("0")) {
            return Long.parseLong(digits);
        }
        BigInteger value;
        if (digits.startsWith("0x")) {
            value = new BigInteger(digits.substring(2), 16);
        } else if (digits.startsWith("0o")) {
            value = new BigInteger(digits.substring(2), 8);
        } else {
            value = new BigInteger(digits.startsWith("+") ? digits.substring(1) : digits);
        }
        // Not Values.normalize: its `long : double` conditional promotes every BigInteger to Double.
        if (value.bitLength() < 64) {
            return value.longValue();
        }
        return value.doubleValue();
    }

    private static Double decimal(String text) {
        String lower = text.toLowerCase(java.util.Locale.ROOT);
        if (lower.endsWith(".inf")) {
            return lower.startsWith("-") ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
        }
        if (lower.equals(".nan")) {
            return Double.NaN;
        }
        return Double.parseDouble(text.replace("_", ""));
    }
}
