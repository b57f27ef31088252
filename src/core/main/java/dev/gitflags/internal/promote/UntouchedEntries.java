package dev.gitflags.internal.promote;

import dev.gitflags.internal.load.LoadLimits;
import dev.gitflags.internal.load.YamlDialect;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The post-condition of editing one environment file: the edited file parses on its own, and every entry but the
 * promoted flags' overrides reads exactly as before, aliases resolved. Anchors and aliases reach only within one
 * file and a promotion edits only DST's, so this holds every other flag in every environment as it was — exactly,
 * and without loading any other file. (The scoped load that checks the promoted flags skips other flags' entries
 * unbuilt, so it cannot see an entry that changed through a node it shares with an edited one.)
 */
final class UntouchedEntries {

    private static final String OVERRIDES = "overrides";

    private UntouchedEntries() {
    }

    /**
     * What the edit changed besides the overrides of {@code promoted}, as words ("the override of b"); null when
     * nothing. Both texts are composed with the loader's {@link YamlDialect} within {@code limits}.
     */
    static String check(byte[] before, byte[] after, Collection<String> promoted, LoadLimits limits) {
        return check(before, after, OVERRIDES, promoted, limits);
    }

    /**
     * The same for the entries of any top-level block: what the edit changed besides the entries of {@code edited}
     * in {@code section} ({@code overrides} of an environment file, {@code flags} of a flags file).
     */
    static String check(byte[] before, byte[] after, String section, Collection<String> promoted, LoadLimits limits) {
        return check(before, after, List.of(section), promoted, limits);
    }

    /**
     * The same for the entries of a nested block, {@code path} naming it from the top ({@code refs}, {@code aliases}
     * of gitflags.yaml): every entry on the way but the one the path follows must read as before. A block of the
     * path that the edit removed counts as empty, so removing a block left empty passes.
     */
    static String check(byte[] before, byte[] after, List<String> path, Collection<String> edited,
                        LoadLimits limits) {
        Node was = YamlDialect.compose(new String(before, StandardCharsets.UTF_8), limits);
        Node now;
        try {
            now = YamlDialect.compose(new String(after, StandardCharsets.UTF_8), limits);
        } catch (YAMLException e) {
            return "the file, which would no longer parse on its own (" + e.getMessage().lines().findFirst()
                    .orElse("") + ")";
        }
        if (!(now instanceof MappingNode document) || (was != null && !(was instanceof MappingNode))) {
            return "the file, which would no longer be a mapping";
        }
        List<NodeTuple> original = was == null ? List.of() : ((MappingNode) was).getValue();
        List<NodeTuple> changed = document.getValue();
        String prefix = "";
        for (String key : path) {
            String difference = firstDifference(withoutKey(original, key), withoutKey(changed, key), prefix);
            if (difference != null) {
                return difference;
            }
            original = entriesOf(original, key);
            changed = entriesOf(changed, key);
            prefix = prefix + key + ".";
        }
        String section = path.get(path.size() - 1);
        return firstDifference(without(original, edited), without(changed, edited),
                OVERRIDES.equals(section) ? "the override of " : "the entry of ");
    }

    /** The entries of the block under {@code key}: none when it is absent or not a mapping. */
    private static List<NodeTuple> entriesOf(List<NodeTuple> entries, String key) {
        List<NodeTuple> inside = new ArrayList<>();
        for (NodeTuple entry : entries) {
            if (key.equals(key(entry)) && entry.getValueNode() instanceof MappingNode block) {
                inside.addAll(block.getValue());
            }
        }
        return inside;
    }

    private static List<NodeTuple> without(List<NodeTuple> entries, Collection<String> keys) {
        return entries.stream().filter(entry -> !keys.contains(key(entry))).toList();
    }

    private static List<NodeTuple> withoutKey(List<NodeTuple> entries, String key) {
        return entries.stream().filter(entry -> !key.equals(key(entry))).toList();
    }

    private static String firstDifference(List<NodeTuple> before, List<NodeTuple> after, String what) {
        for (int i = 0; i < Math.max(before.size(), after.size()); i++) {
            NodeTuple was = i < before.size() ? before.get(i) : null;
            NodeTuple now = i < after.size() ? after.get(i) : null;
            if (was == null || now == null || !same(was.getKeyNode(), now.getKeyNode(), pairs())
                    || !same(was.getValueNode(), now.getValueNode(), pairs())) {
                return what + key(was != null ? was : now);
            }
        }
        return null;
    }

    private static Map<Node, Set<Node>> pairs() {
        return new IdentityHashMap<>();
    }

    /** Same tags and values all the way down; style, marks and anchors aside. {@code seen}: pairs being compared. */
    private static boolean same(Node a, Node b, Map<Node, Set<Node>> seen) {
        if (!Objects.equals(a.getTag(), b.getTag()) || a.getNodeId() != b.getNodeId()) {
            return false;
        }
        if (a instanceof ScalarNode scalar) {
            return scalar.getValue().equals(((ScalarNode) b).getValue());
        }
        // a recursive alias comes back to a pair under comparison: equal so far is equal
        if (!seen.computeIfAbsent(a, node -> Collections.newSetFromMap(new IdentityHashMap<>())).add(b)) {
            return true;
        }
        if (a instanceof SequenceNode sequence) {
            List<Node> items = sequence.getValue();
            List<Node> others = ((SequenceNode) b).getValue();
            if (items.size() != others.size()) {
                return false;
            }
            for (int i = 0; i < items.size(); i++) {
                if (!same(items.get(i), others.get(i), seen)) {
                    return false;
                }
            }
            return true;
        }
        List<NodeTuple> tuples = ((MappingNode) a).getValue();
        List<NodeTuple> others = ((MappingNode) b).getValue();
        if (tuples.size() != others.size()) {
            return false;
        }
        for (int i = 0; i < tuples.size(); i++) {
            if (!same(tuples.get(i).getKeyNode(), others.get(i).getKeyNode(), seen)
                    || !same(tuples.get(i).getValueNode(), others.get(i).getValueNode(), seen)) {
                return false;
            }
        }
        return true;
    }

    private static String key(NodeTuple tuple) {
        return tuple.getKeyNode() instanceof ScalarNode scalar ? scalar.getValue() : "?";
    }
}
