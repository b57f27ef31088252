package dev.gitflags.internal.load;

import dev.gitflags.internal.graph.Suggestions;
import dev.gitflags.internal.model.Environment;
import dev.gitflags.internal.model.Flag;
import dev.gitflags.internal.model.FlagField;
import dev.gitflags.internal.model.FlagOverride;
import dev.gitflags.internal.model.FlagType;
import dev.gitflags.internal.model.Origin;
import dev.gitflags.internal.model.Problem;
import dev.gitflags.internal.model.ProblemCode;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;

import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * One {@code environments/<slug>.yaml} document → its {@link Environment}, checking overrides against the base
 * flags (which must all be read first): unknown flag keys and values of the wrong type.
 */
final class EnvironmentReader {

    static final Pattern SLUG = Pattern.compile("^[a-z0-9][a-z0-9_-]{0,62}$");

    private EnvironmentReader() {
    }

    /** The slug of an {@code environments/<slug>.yaml} path: the file name without its extension. */
    static String slugOf(String path) {
        String name = path.substring(path.lastIndexOf('/') + 1);
        return name.substring(0, name.lastIndexOf('.'));
    }

    static boolean isSlug(String name) {
        return SLUG.matcher(name).matches();
    }

    /** The slug a file name suggests: lower case, other characters as '-'; null when even that is not a slug. */
    private static String suggestedSlug(String name) {
        String suggestion = name.toLowerCase(java.util.Locale.ROOT).replaceAll("[^a-z0-9_-]", "-")
                .replaceFirst("^[-_]+", "");
        return isSlug(suggestion) ? suggestion : null;
    }

    /**
     * The environment an {@code environments/*.yaml} path stands for: its slug, or for a file name that is not
     * one, the slug the E_BAD_SLUG hint renames it to (references to that name are no problem of theirs); or null.
     */
    static String nameOf(String path) {
        String slug = slugOf(path);
        return isSlug(slug) ? slug : suggestedSlug(slug);
    }

    /**
     * The environment of one file. An override of a key not among {@code flags} is E_UNKNOWN_FLAG unless
     * {@code definedUnread} says a flag file that could not be read may define it.
     */
    static Environment read(YamlDocument document, Map<String, Flag> flags, int maxAttributeLength,
                            int maxFlagTargeting, java.util.function.Predicate<String> definedUnread,
                            java.util.List<Problem> problems) {
        String slug = slugOf(document.file());
        Origin fileOrigin = new Origin(document.file(), 1, 1);
        if (!isSlug(slug)) {
            String suggestion = suggestedSlug(slug);
            problems.add(Problem.of(ProblemCode.E_BAD_SLUG, fileOrigin,
                    "environment file name '" + slug + "' is not a valid slug",
                    "rename it" + (suggestion != null ? " to environments/" + suggestion + ".yaml" : "")
                            + "; slugs are lower-case letters, digits, '-' and '_', at most 63 characters"));
        }
        if (Nodes.isNull(document.root())
                || document.root() instanceof MappingNode mapping && mapping.getValue().isEmpty()) {
            problems.add(Problem.of(ProblemCode.W_EMPTY_ENVIRONMENT, fileOrigin,
                    "environment '" + slug + "' has no fields: a root environment that overrides nothing, so it "
                            + "serves every flag as flags/ defines it",
                    "give it a parent and the overrides it needs, or delete the file if it is not meant to exist"));
        }
        TargetingReader reader = new TargetingReader(document, maxAttributeLength, maxFlagTargeting, problems);
        Nodes.Fields fields = Nodes.entries(document.root());
        Node parentNode = Nodes.value(fields, "parent");
        String parent = Nodes.string(parentNode);
        Boolean active = Nodes.bool(Nodes.value(fields, "active"));
        Object settings = YamlDocument.value(Nodes.value(fields, "settings"));

        Map<String, FlagOverride> overrides = new LinkedHashMap<>();
        for (NodeTuple tuple : Nodes.tuples(Nodes.value(fields, "overrides"))) {
            if (tuple.getKeyNode() instanceof ScalarNode) {
                String written = YamlDocument.keyText(tuple.getKeyNode());
                Origin origin = reader.origin(tuple.getKeyNode());
                Flag flag = flags.get(written);
                // Share the flag's key string: 100,000 overrides need not hold 100,000 copies.
                String key = flag == null ? written : flag.key();
                if (flag == null && !definedUnread.test(key)) {
                    problems.add(Problem.of(ProblemCode.E_UNKNOWN_FLAG, origin,
                            "override '" + key + "' names no flag", Suggestions.hint("flag", key, flags.keySet())));
                }
                overrides.put(key, override(reader, key, flag == null ? null : flag.type(), origin, tuple.getValueNode()));
            }
        }
        String name = Nodes.string(Nodes.value(fields, "name"));
        String description = Nodes.string(Nodes.value(fields, "description"));
        return new Environment(slug, name != null ? name : slug, description != null ? description : "", parent,
                active == null || active, settings instanceof Map<?, ?> map ? stringKeyed(map) : Map.of(), overrides,
                parentNode != null && parent != null ? reader.origin(parentNode) : null, fileOrigin);
    }

    private static FlagOverride override(TargetingReader reader, String key, FlagType type, Origin origin, Node node) {
        Map<FlagField, Object> values = new EnumMap<>(FlagField.class);
        Map<FlagField, Origin> origins = new EnumMap<>(FlagField.class);
        // One pass over the few fields written; unknown names were reported by the schema check.
        for (NodeTuple tuple : Nodes.tuples(node)) {
            FlagField field = FlagField.fromYaml(YamlDocument.keyText(tuple.getKeyNode())).orElse(null);
            Node value = tuple.getValueNode();
            if (field == null || Nodes.isNull(value)) {
                continue; // null: inherited
            }
            Object read = switch (field) {
                case ENABLED -> Nodes.bool(value);
                case DEFAULT_VALUE -> reader.value(value, type, key, "default_value");
                case ROLLOUT_PERCENTAGE -> Nodes.integer(value);
                case RULES -> reader.rules(value, type, key);
                case VARIANTS -> reader.variants(tuple.getKeyNode(), value, type, key);
            };
            if (read != null) {
                values.put(field, read);
                origins.put(field, reader.origin(tuple.getKeyNode()));
            }
        }
        return new FlagOverride(key, values, origins, origin);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> stringKeyed(Map<?, ?> map) {
        return (Map<String, Object>) dev.gitflags.internal.model.Values.normalize(map);
    }
}
