package dev.gitflags.internal.load;

import dev.gitflags.internal.model.Flag;
import dev.gitflags.internal.model.FlagField;
import dev.gitflags.internal.model.FlagLifecycle;
import dev.gitflags.internal.model.FlagStatus;
import dev.gitflags.internal.model.FlagType;
import dev.gitflags.internal.model.Origin;
import dev.gitflags.internal.model.Problem;
import dev.gitflags.internal.model.ProblemCode;
import dev.gitflags.internal.model.Values;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;

import java.time.LocalDate;
import java.time.format.DateTimeParseException;
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

    static List<Flag> read(YamlDocument document, int maxAttributeLength, int maxFlagTargeting,
                           List<Problem> problems) {
        TargetingReader reader = new TargetingReader(document, maxAttributeLength, maxFlagTargeting, problems);
        LifecycleFields lifecycle = new LifecycleFields(document, problems);
        Node flagsNode = Nodes.value(Nodes.entries(document.root()), "flags");
        List<Flag> flags = new ArrayList<>();
        Set<String> keys = new HashSet<>();
        for (NodeTuple tuple : Nodes.tuples(flagsNode)) {
            // A key repeated within the file is already an E_DUPLICATE_KEY; keep its first definition.
            if (tuple.getKeyNode() instanceof ScalarNode && keys.add(YamlDocument.keyText(tuple.getKeyNode()))) {
                flags.add(flag(reader, lifecycle, YamlDocument.keyText(tuple.getKeyNode()),
                        reader.origin(tuple.getKeyNode()), tuple.getValueNode()));
            }
        }
        return flags;
    }

    private static Flag flag(TargetingReader reader, LifecycleFields lifecycle, String key, Origin origin,
                             Node node) {
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
                metadata instanceof Map<?, ?> map ? stringKeyed(map) : Map.of(), lifecycle.read(fields, key),
                fieldOrigins, origin);
    }

    /** {@code owner}, {@code expires} and {@code permanent} of a definition; the schema checks their shapes. */
    private record LifecycleFields(YamlDocument document, List<Problem> problems) {

        FlagLifecycle read(Nodes.Fields fields, String key) {
            Node ownerNode = Nodes.value(fields, "owner");
            List<String> owners = new ArrayList<>();
            String single = Nodes.string(ownerNode);
            if (single != null) {
                owners.add(single);
            }
            for (Node item : Nodes.items(ownerNode)) {
                String owner = Nodes.string(item);
                if (owner != null) {
                    owners.add(owner);
                }
            }
            Node expiresNode = Nodes.value(fields, "expires");
            Boolean permanent = Nodes.bool(Nodes.value(fields, "permanent"));
            return new FlagLifecycle(owners, date(expiresNode, key), permanent != null && permanent,
                    expiresNode == null ? null : document.origin(Nodes.key(fields, "expires")));
        }

        /** The schema admits only YYYY-MM-DD; a day that does not exist (2027-02-30) is reported here. */
        private LocalDate date(Node node, String key) {
            String text = Nodes.string(node);
            if (text == null || !text.matches("[0-9]{4}-[0-9]{2}-[0-9]{2}")) {
                return null;
            }
            try {
                return LocalDate.parse(text);
            } catch (DateTimeParseException e) {
                problems.add(Problem.of(ProblemCode.E_SCHEMA, document.origin(node),
                        "expires of flag '" + key + "' is not a day of the calendar: " + text,
                        "write the last day the flag is meant to exist as YYYY-MM-DD, e.g. 2027-03-31"));
                return null;
            }
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> stringKeyed(Map<?, ?> map) {
        return (Map<String, Object>) Values.normalize(map);
    }
}
