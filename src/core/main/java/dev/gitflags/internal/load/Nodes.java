package dev.gitflags.internal.load;

import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

import java.util.List;

/**
 * Lenient typed access to YAML nodes for model building: a node of the wrong shape reads as absent (null or
 * empty), because the schema check has already reported it and building goes on to find further problems.
 */
final class Nodes {

    private Nodes() {
    }

    /**
     * The entries of a mapping, looked up by key text; empty for anything else. Config mappings hold a handful
     * of keys, so a scan beats building a hash map for each of the hundreds of thousands of them.
     */
    record Fields(List<NodeTuple> tuples) {

        static final Fields NONE = new Fields(List.of());

        /** The entry of {@code key}, or null; a repeated key (an E_DUPLICATE_KEY) gives its last entry. */
        NodeTuple get(String key) {
            for (int i = tuples.size() - 1; i >= 0; i--) {
                NodeTuple tuple = tuples.get(i);
                if (YamlDocument.keyText(tuple.getKeyNode()).equals(key)) {
                    return tuple;
                }
            }
            return null;
        }

        boolean containsKey(String key) {
            return get(key) != null;
        }
    }

    static Fields entries(Node node) {
        return node instanceof MappingNode mapping ? new Fields(mapping.getValue()) : Fields.NONE;
    }

    static Node value(Fields entries, String key) {
        NodeTuple tuple = entries.get(key);
        return tuple == null ? null : tuple.getValueNode();
    }

    static Node key(Fields entries, String key) {
        NodeTuple tuple = entries.get(key);
        return tuple == null ? null : tuple.getKeyNode();
    }

    /** The entries of a mapping in file order; else empty. */
    static List<NodeTuple> tuples(Node node) {
        return node instanceof MappingNode mapping ? mapping.getValue() : List.of();
    }



    /** True for a YAML null ({@code ~}, {@code null} or nothing): the field inherits or takes its default. */
    static boolean isNull(Node node) {
        return node == null || (node instanceof ScalarNode scalar && YamlDocument.scalarValue(scalar) == null);
    }

    static String string(Node node) {
        return node instanceof ScalarNode scalar && YamlDocument.scalarValue(scalar) instanceof String text ? text : null;
    }

    static Boolean bool(Node node) {
        return node instanceof ScalarNode scalar && YamlDocument.scalarValue(scalar) instanceof Boolean value ? value : null;
    }

    /** An integer that fits an int (50.0 counts, as JSON Schema's "integer" does); null otherwise. */
    static Integer integer(Node node) {
        if (!(node instanceof ScalarNode scalar)) {
            return null;
        }
        Object value = YamlDocument.scalarValue(scalar);
        if (value instanceof Long number && number >= Integer.MIN_VALUE && number <= Integer.MAX_VALUE) {
            return number.intValue();
        }
        if (value instanceof Double number && number == Math.rint(number) && Math.abs(number) <= Integer.MAX_VALUE) {
            return number.intValue();
        }
        return null;
    }

    static List<Node> items(Node node) {
        return node instanceof SequenceNode sequence ? sequence.getValue() : List.of();
    }
}
