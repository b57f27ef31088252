package dev.gitflags.internal.promote;

import dev.gitflags.internal.Snapshot;
import dev.gitflags.internal.graph.Provenance;
import dev.gitflags.internal.load.ConfigSource;
import dev.gitflags.internal.load.LoadLimits;
import dev.gitflags.internal.load.YamlDialect;
import dev.gitflags.internal.model.FlagField;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The YAML a promoted field is copied from: the node of the override (or base flag) that supplied the source
 * environment's value, exactly as written there, so quoting and scalar style survive the copy. A base field that
 * was never written (it took its default) is represented from the model value. Files are read with the
 * loader's {@link YamlDialect} and limits.
 */
final class SourceValues {

    private final ConfigSource source;
    private final Snapshot snapshot;
    private final LoadLimits limits;
    private final Map<String, Node> documents = new HashMap<>();

    SourceValues(ConfigSource source, Snapshot snapshot, LoadLimits limits) {
        this.source = source;
        this.snapshot = snapshot;
        this.limits = limits;
    }

    /** The YAML node of {@code field} of {@code flagKey} as the layer named by {@code provenance} wrote it. */
    Node node(String flagKey, FlagField field, Provenance provenance, Object value) throws IOException {
        Node written = provenance.isBase()
                ? find(snapshot.flags().get(flagKey).origin().file(), "flags", flagKey, field.yamlName())
                : find(snapshot.environments().get(provenance.environment()).file(), "overrides", flagKey,
                field.yamlName());
        if (written != null) {
            return written;
        }
        // a default: variants are a mapping in YAML but a list in the model.
        Object plain = field == FlagField.VARIANTS && value instanceof List<?> list && list.isEmpty() ? Map.of() : value;
        return YamlDialect.writer(new DumperOptions()).represent(plain);
    }

    private Node find(String file, String... path) throws IOException {
        Node node = documents.get(file);
        if (node == null) {
            String text = new String(source.read(file), StandardCharsets.UTF_8);
            node = YamlDialect.compose(text, limits);
            documents.put(file, node);
        }
        for (String key : path) {
            if (!(node instanceof MappingNode mapping)) {
                return null;
            }
            node = null;
            for (NodeTuple tuple : mapping.getValue()) {
                if (tuple.getKeyNode() instanceof ScalarNode scalar && key.equals(scalar.getValue())) {
                    node = tuple.getValueNode();
                    break;
                }
            }
        }
        return node;
    }
}
