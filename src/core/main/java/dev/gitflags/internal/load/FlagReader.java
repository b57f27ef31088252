package dev.gitflags.internal.load;

import dev.gitflags.internal.model.Flag;
import dev.gitflags.internal.model.FlagField;
import dev.gitflags.internal.model.FlagStatus;
import dev.gitflags.internal.model.FlagType;
import dev.gitflags.internal.model.Origin;
import dev.gitflags.internal.model.Problem;
import dev.gitflags.internal.model.Values;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.Set;
import java.util.List;
import java.util.Map;

/** One {@code flags/*.yaml} document → its {@link Flag}s, in file order, with the problems only it shows. */
final class FlagReader {

    private FlagReader() {
    }

    static List<Flag> read(YamlDocument document, int maxAttributeLength, List<Problem> problems) {
        TargetingReader reader = new TargetingReader(document, maxAttributeLength, problems);
        Node flagsNode = Nodes.value(Nodes.entries(document.root()), "flags");
        List<Flag> flags = new ArrayList<>();
        Set<String> keys = new HashSet<>();
        for (NodeTuple tuple : Nodes.tuples(flagsNode)) {
            // A key repeated within the file is already an E_DUPLICATE_KEY; keep its first definition.
            if (tuple.getKeyNode() instanceof ScalarNode && keys.add(YamlDocument.keyText(tuple.getKeyNode()))) {
                flags.add(flag(reader, YamlDocument.keyText(tuple.getKeyNode()), reader.origin(tuple.getKeyNode()),
                        tuple.getValueNode()));
            }
        }
        return flags;
    }

    private static Flag flag(TargetingReader reader, String key, Origin origin, Node node) {
        Nodes.Fields fields = Nodes.entries(node);
        FlagType type = FlagType.fromYaml(Nodes.string(Nodes.value(fields, "type"))).orElse(null);
        FlagStatus status = FlagStatus.fromYaml(Nodes.string(Nodes.value(fields, "status"))).orElse(null);
        Boolean enabled = Nodes.bool(Nodes.value(fields, "enabled"));

        // Required for every type, booleans too (the schema reports a missing one): no value is assumed.
        Node defaultNode = Nodes.value(fields, "default_value");
        Object defaultValue = defaultNode == null ? null : reader.value(defaultNode, type, key, "default_value");
        Integer rollout = Nodes.integer(Nodes.value(fields, "rollout_percentage"));
        var rules = reader.rules(Nodes.value(fields, "rules"), type, key);
        var variants = reader.variants(Nodes.key(fields, "variants"), Nodes.value(fields, "variants"), type, key);
        List<String> tags = new ArrayList<>();
        for (Node tag : Nodes.items(Nodes.value(fields, "tags"))) {
            String text = Nodes.string(tag);
            if (text != null) {
                tags.add(text);
            }
        }
        Object metadata = YamlDocument.value(Nodes.value(fields, "metadata"));

        Map<FlagField, Origin> fieldOrigins = new EnumMap<>(FlagField.class);
        for (FlagField field : FlagField.values()) {
            Node fieldKey = Nodes.key(fields, field.yamlName());
            if (fieldKey != null) {
                fieldOrigins.put(field, reader.origin(fieldKey));
            }
        }
        return new Flag(key, Nodes.string(Nodes.value(fields, "name")), Nodes.string(Nodes.value(fields, "description")),
                type == null ? FlagType.JSON : type, status == null ? FlagStatus.ACTIVE : status,
                enabled == null || enabled, defaultValue, rollout, rules, variants, tags,
                metadata instanceof Map<?, ?> map ? stringKeyed(map) : Map.of(), fieldOrigins, origin);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> stringKeyed(Map<?, ?> map) {
        return (Map<String, Object>) Values.normalize(map);
    }
}
