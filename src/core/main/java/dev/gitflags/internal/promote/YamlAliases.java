package dev.gitflags.internal.promote;

import dev.gitflags.internal.load.LoadLimits;
import dev.gitflags.internal.load.YamlDialect;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.events.AliasEvent;
import org.yaml.snakeyaml.events.Event;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.parser.Parser;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A composed YAML document together with where its aliases are written. SnakeYAML's node tree gives an alias the
 * very node its anchor names, marks included, so the tree alone cannot tell {@code b: *off} from the anchored
 * {@code a: &off {...}} it repeats, nor say on which line the alias stands. This records every alias event while
 * composing and pairs each with the place in the tree it fills: the composer builds nodes in document order, so
 * the n-th time a walk in that order meets a node again is the n-th alias.
 */
final class YamlAliases {

    /**
     * One alias as written: the anchor it names, the node it stands for, its marks, and where it sits — as the
     * value of {@code tuple} in the mapping {@code parent}, or as an item of a sequence (both null).
     */
    record Use(String anchor, Node node, Mark start, Mark end, NodeTuple tuple, MappingNode parent) {
        int line() {
            return start.getLine();
        }
    }

    private record Item(SequenceNode sequence, int index) {
    }

    private final Node root;
    private final Map<NodeTuple, Use> values = new IdentityHashMap<>();
    private final Map<Item, Use> items = new HashMap<>();
    private final Map<Node, List<Use>> usesByNode = new IdentityHashMap<>();

    private YamlAliases(Node root, List<AliasEvent> aliases) {
        this.root = root;
        if (root != null) {
            Iterator<AliasEvent> events = aliases.iterator();
            walk(root, null, null, null, -1, Collections.newSetFromMap(new IdentityHashMap<>()), events);
            if (events.hasNext()) {
                throw new IllegalStateException("an alias matched no node of the composed tree");
            }
        }
    }

    /**
     * Composes {@code text} with the loader's {@link YamlDialect} and limits.
     *
     * @throws org.yaml.snakeyaml.error.YAMLException when the text is not YAML or exceeds a limit
     */
    static YamlAliases compose(String text, LoadLimits limits) {
        List<AliasEvent> aliases = new ArrayList<>();
        Node root = YamlDialect.compose(text, limits, parser -> new Recording(parser, aliases));
        return new YamlAliases(root, aliases);
    }

    Node root() {
        return root;
    }

    /** The alias written as {@code tuple}'s value, or null when the value is written out there. */
    Use valueAlias(NodeTuple tuple) {
        return values.get(tuple);
    }

    /** The alias written as item {@code index} of {@code sequence}, or null. */
    Use itemAlias(SequenceNode sequence, int index) {
        return items.get(new Item(sequence, index));
    }

    /** True when an alias elsewhere repeats {@code node}: editing its text would edit those places too. */
    boolean isShared(Node node) {
        return usesByNode.containsKey(node);
    }

    /** The aliases of {@code node}, in document order. */
    List<Use> usesOf(Node node) {
        return usesByNode.getOrDefault(node, List.of());
    }

    /** Every node some alias repeats: each was written out once, under an anchor, before its first alias. */
    Set<Node> anchored() {
        return usesByNode.keySet();
    }

    private void walk(Node node, NodeTuple tuple, MappingNode parent, SequenceNode sequence, int index,
                      Set<Node> seen, Iterator<AliasEvent> events) {
        if (!seen.add(node)) {
            if (!events.hasNext()) {
                throw new IllegalStateException("a node is repeated with no alias for it");
            }
            AliasEvent alias = events.next();
            Use use = new Use(alias.getAnchor(), node, alias.getStartMark(), alias.getEndMark(), tuple, parent);
            if (tuple != null) {
                values.put(tuple, use);
            } else if (sequence != null) {
                items.put(new Item(sequence, index), use);
            }
            usesByNode.computeIfAbsent(node, shared -> new ArrayList<>()).add(use);
            return;
        }
        if (node instanceof MappingNode mapping) {
            for (NodeTuple child : mapping.getValue()) {
                walk(child.getKeyNode(), null, null, null, -1, seen, events);
                walk(child.getValueNode(), child, mapping, null, -1, seen, events);
            }
        } else if (node instanceof SequenceNode list) {
            List<Node> children = list.getValue();
            for (int i = 0; i < children.size(); i++) {
                walk(children.get(i), null, null, list, i, seen, events);
            }
        }
    }

    /** Passes the events on unchanged, noting each alias. */
    private record Recording(Parser events, List<AliasEvent> aliases) implements Parser {

        @Override
        public boolean checkEvent(Event.ID choice) {
            return events.checkEvent(choice);
        }

        @Override
        public Event peekEvent() {
            return events.peekEvent();
        }

        @Override
        public Event getEvent() {
            Event event = events.getEvent();
            if (event instanceof AliasEvent alias) {
                aliases.add(alias);
            }
            return event;
        }
    }
}
