package dev.gitflags.internal.load;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gitflags.internal.model.Origin;
import dev.gitflags.internal.model.Problem;
import dev.gitflags.internal.model.ProblemCode;
import dev.gitflags.internal.model.Values;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
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
     * JSON) and numbers JSON cannot carry exactly (see {@link #inexactNumber}), adding each to {@code problems}.
     * {@code done} remembers converted shared nodes; null when no node is shared.
     */
    static JsonNode toJson(String file, Node node, Map<Node, JsonNode> done, List<Problem> problems) {
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
                if (object.replace(key, toJson(file, tuple.getValueNode(), done, problems)) != null) {
                    problems.add(duplicateKey(file, mapping, tuple.getKeyNode(), key));
                }
            }
            json = object;
        } else if (node instanceof SequenceNode sequence) {
            ArrayNode array = JSON.arrayNode(sequence.getValue().size());
            for (Node item : sequence.getValue()) {
                array.add(toJson(file, item, done, problems));
            }
            json = array;
        } else {
            ScalarNode scalar = (ScalarNode) node;
            Object value = scalarValue(scalar);
            Problem inexact = inexactNumber(file, scalar, value);
            if (inexact == null) {
                return scalarJson(value);
            }
            problems.add(inexact);
            json = scalarJson(value); // remembered when shared, so that an alias reports it once
        }
        if (done != null) {
            done.put(node, json);
        }
        return json;
    }

    /**
     * Why the number a scalar holds cannot be served as the JSON number its text says (E_BAD_NUMBER), or null when
     * it can or the scalar is no number. NaN and the infinities are no JSON numbers; otherwise the number must come
     * out as written: an integer within a long is served as written, anything else as a double, printed the way
     * the JSON writers print it ({@link Double#toString}), and that text must denote the written value.
     */
    static Problem inexactNumber(String file, ScalarNode scalar, Object value) {
        if (!(value instanceof Double number)) {
            return null; // a Long is exact; text under an !!int or !!float tag stays text
        }
        String text = scalar.getValue().trim();
        String message;
        String hint;
        if (number.isNaN() || (number.isInfinite() && text.toLowerCase(Locale.ROOT).endsWith(".inf"))) {
            message = (number.isNaN() ? "NaN" : "infinity") + " is not a number JSON can carry";
            hint = "write a finite number; quote it (\"" + text + "\") if you mean the text";
        } else if (number.isInfinite()) {
            message = text + " is beyond the range of a 64-bit floating-point number (at most "
                    + Double.MAX_VALUE + " either way)";
            hint = "write a smaller number, or quote it to keep it as a string";
        } else {
            BigDecimal written = Tag.INT.equals(scalar.getTag()) ? new BigDecimal(integerValue(text))
                    : new BigDecimal(text.replace("_", ""));
            String served = Double.toString(number);
            if (written.compareTo(new BigDecimal(served)) == 0) {
                return null;
            }
            message = text + " cannot be held exactly: it would be served as " + served;
            hint = "write " + served + " if that is what you mean (integers from " + Long.MIN_VALUE + " to "
                    + Long.MAX_VALUE + " are exact), or quote it to keep every digit as a string";
        }
        Mark mark = scalar.getStartMark();
        return Problem.of(ProblemCode.E_BAD_NUMBER, new Origin(file, mark.getLine() + 1, mark.getColumn() + 1),
                message, hint);
    }

    /** True when a number in the tree under {@code node} is one {@link #inexactNumber} refuses. */
    static boolean holdsInexactNumber(Node node) {
        if (node instanceof ScalarNode scalar) {
            return inexactNumber("", scalar, scalarValue(scalar)) != null;
        }
        if (node instanceof MappingNode mapping) {
            return mapping.getValue().stream().anyMatch(tuple -> holdsInexactNumber(tuple.getValueNode()));
        }
        return node instanceof SequenceNode sequence
                && sequence.getValue().stream().anyMatch(YamlDocument::holdsInexactNumber);
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
        BigInteger value = integerValue(digits);
        // Not Values.normalize: its `long : double` conditional promotes every BigInteger to Double.
        if (value.bitLength() < 64) {
            return value.longValue();
        }
        return value.doubleValue();
    }

    /** The value of a core-schema integer: decimal, 0x hexadecimal or 0o octal, with an optional sign. */
    private static BigInteger integerValue(String text) {
        String digits = text.replace("_", "");
        if (digits.startsWith("0x")) {
            return new BigInteger(digits.substring(2), 16);
        }
        if (digits.startsWith("0o")) {
            return new BigInteger(digits.substring(2), 8);
        }
        return new BigInteger(digits.startsWith("+") ? digits.substring(1) : digits);
    }

    private static Double decimal(String text) {
        String lower = text.toLowerCase(Locale.ROOT);
        if (lower.endsWith(".inf")) {
            return lower.startsWith("-") ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
        }
        if (lower.equals(".nan")) {
            return Double.NaN;
        }
        return Double.parseDouble(text.replace("_", ""));
    }
}
