package dev.gitflags.load;

import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Lenient typed access to YAML nodes for model building: a node of the wrong shape reads as absent (null or
 * empty), because the schema check has already reported it and building goes on to find further problems.
 */
final class Nodes {

    private Nodes() {
    }

    /** The entries of a mapping by key text, for lookup (a repeated key keeps its last value); else empty. */
    static Map<String, NodeTuple> entries(Node node) {
        if (!(node instanceof MappingNode mapping)) {
            return Map.of();
        }
        Map<String, NodeTuple> entries = new HashMap<>(mapping.getValue().size() * 2);
        for (NodeTuple tuple : mapping.getValue()) {
            entries.put(YamlDocument.keyText(tuple.getKeyNode()), tuple);
        }
        return entries;
    }

    /** The entries of a mapping in file order; else empty. */
    static List<NodeTuple> tuples(Node node) {
        return node instanceof MappingNode mapping ? mapping.getValue() : List.of();
    }

    static Node value(Map<String, NodeTuple> entries, String key) {
        NodeTuple tuple = entries.get(key);
        return tuple == null ? null : tuple.getValueNode();
    }

    static Node key(Map<String, NodeTuple> entries, String key) {
        NodeTuple tuple = entries.get(key);
        return tuple == null ? null : tuple.getKeyNode();
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

    /** An integer that fits an int; null otherwise. */
    static Integer integer(Node node) {
        if (node instanceof ScalarNode scalar && YamlDocument.scalarValue(scalar) instanceof Long value
                && value >= Integer.MIN_VALUE && value <= Integer.MAX_VALUE) {
            return value.intValue();
        }
        return null;
    }

    static List<Node> items(Node node) {
        return node instanceof SequenceNode sequence ? sequence.getValue() : List.of();
    }
}
