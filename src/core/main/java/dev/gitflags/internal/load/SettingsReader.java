package dev.gitflags.internal.load;

import dev.gitflags.GitflagsVersion;
import dev.gitflags.internal.graph.Suggestions;
import dev.gitflags.internal.model.BucketingScheme;
import dev.gitflags.internal.model.CodeRefSettings;
import dev.gitflags.internal.model.Detection;
import dev.gitflags.internal.model.LifecyclePolicy;
import dev.gitflags.internal.model.Origin;
import dev.gitflags.internal.model.Problem;
import dev.gitflags.internal.model.ProblemCode;
import dev.gitflags.internal.model.RepoSettings;
import org.yaml.snakeyaml.nodes.Node;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/** {@code gitflags.yaml} → {@link RepoSettings}, and its checks against the environments that exist. */
final class SettingsReader {

    /** What {@code requires:} may hold, as schema/gitflags.schema.json says. */
    private static final Pattern VERSION = Pattern.compile("^[0-9]+\\.[0-9]+(\\.[0-9]+)?$");

    private SettingsReader() {
    }

    static RepoSettings read(YamlDocument document) {
        Nodes.Fields fields = Nodes.entries(document.root());
        List<String> allowed = new ArrayList<>();
        for (Node item : Nodes.items(Nodes.value(fields, "allowed_environments"))) {
            String slug = Nodes.string(item);
            if (slug != null) {
                allowed.add(slug);
            }
        }
        Boolean inheritance = Nodes.bool(Nodes.value(fields, "inheritance"));
        Nodes.Fields detection = Nodes.entries(Nodes.value(fields, "detection"));
        String header = Nodes.string(Nodes.value(detection, "header"));
        // An explicit null disables detection by query parameter; absent keeps the default.
        String queryParam = detection.containsKey("query_param") ? Nodes.string(Nodes.value(detection, "query_param"))
                : Detection.DEFAULT.queryParam();
        // Out of range is an E_SCHEMA; the default keeps the rest of the load meaningful meanwhile.
        Integer maxLength = Nodes.integer(Nodes.value(fields, "max_attribute_length"));
        return new RepoSettings(Nodes.string(Nodes.value(fields, "default_environment")), allowed,
                inheritance == null || inheritance,
                new Detection(header != null ? header : Detection.DEFAULT.header(), queryParam),
                maxLength != null && maxLength >= 1 ? maxLength : RepoSettings.DEFAULT_MAX_ATTRIBUTE_LENGTH,
                lifecycle(document, Nodes.key(fields, "lifecycle"), Nodes.entries(Nodes.value(fields, "lifecycle"))),
                refs(Nodes.entries(Nodes.value(fields, "refs"))), new Origin(document.file(), 1, 1),
                // anything else is an E_SCHEMA
                BucketingScheme.fromYaml(Nodes.string(Nodes.value(fields, "bucketing"))).orElse(BucketingScheme.GITFLAGS));
    }

    /** The {@code refs:} section; call_sites replaces the OpenFeature defaults when given. */
    private static CodeRefSettings refs(Nodes.Fields refs) {
        Node callSitesNode = Nodes.value(refs, "call_sites");
        List<String> callSites = callSitesNode == null ? CodeRefSettings.OPENFEATURE_CALL_SITES : strings(callSitesNode);
        java.util.Map<String, List<String>> aliases = new java.util.LinkedHashMap<>();
        for (org.yaml.snakeyaml.nodes.NodeTuple alias : Nodes.tuples(Nodes.value(refs, "aliases"))) {
            String key = Nodes.string(alias.getKeyNode());
            Node value = alias.getValueNode();
            List<String> spellings = Nodes.string(value) != null ? List.of(Nodes.string(value)) : strings(value);
            if (key != null) {
                aliases.put(key, spellings);
            }
        }
        List<CodeRefSettings.Spelling> spellings = new ArrayList<>();
        for (String name : strings(Nodes.value(refs, "spellings"))) {
            CodeRefSettings.Spelling.fromYaml(name).ifPresent(spellings::add);
        }
        return new CodeRefSettings(callSites, aliases, spellings);
    }

    private static List<String> strings(Node sequence) {
        List<String> strings = new ArrayList<>();
        for (Node item : Nodes.items(sequence)) {
            String text = Nodes.string(item);
            if (text != null) {
                strings.add(text);
            }
        }
        return strings;
    }

    /** The {@code lifecycle:} policy; a value of the wrong shape is an E_SCHEMA, and reads as its default. */
    private static LifecyclePolicy lifecycle(YamlDocument document, Node key, Nodes.Fields policy) {
        Origin origin = key == null ? new Origin(document.file(), 1, 1) : document.origin(key);
        Boolean owner = Nodes.bool(Nodes.value(policy, "require_owner"));
        Boolean expires = Nodes.bool(Nodes.value(policy, "require_expires"));
        Integer lifetime = Nodes.integer(Nodes.value(policy, "max_lifetime_days"));
        Integer unchanged = Nodes.integer(Nodes.value(policy, "unchanged_days"));
        return new LifecyclePolicy(owner != null && owner, expires != null && expires,
                lifetime != null && lifetime >= 1 ? lifetime : null,
                "error".equals(Nodes.string(Nodes.value(policy, "expired"))),
                unchanged != null && unchanged >= 0 ? unchanged : LifecyclePolicy.DEFAULT_UNCHANGED_DAYS, origin);
    }

    /**
     * The repository needs a newer gitflags: {@code requires:} names a version after {@link GitflagsVersion#CURRENT}.
     * Null when it does not, or when the key is absent or not a version (the schema reports that).
     */
    static Problem requiresNewer(YamlDocument document) {
        Node node = Nodes.value(Nodes.entries(document.root()), "requires");
        String required = Nodes.string(node);
        if (required == null || !VERSION.matcher(required).matches() || GitflagsVersion.satisfies(required)) {
            return null;
        }
        return Problem.of(ProblemCode.E_VERSION, document.origin(node),
                "this repository requires gitflags " + required + " or newer; this is gitflags "
                        + GitflagsVersion.CURRENT + ", which may read it differently, so nothing else is checked",
                "upgrade gitflags to " + required + " or newer everywhere that reads this repository: "
                        + "CI and servers");
    }

    /**
     * default_environment must name an allowed environment; allowed_environments must name existing ones.
     * {@code listed} false: the environments folder could not be listed, so no name can be said to have no file.
     */
    static List<Problem> check(YamlDocument document, RepoSettings settings, Set<String> environments,
                               boolean listed) {
        List<Problem> problems = new ArrayList<>();
        Nodes.Fields fields = Nodes.entries(document.root());
        String wanted = settings.defaultEnvironment();
        if (wanted == null) {
            if (Nodes.value(fields, "default_environment") == null) {
                problems.add(Problem.of(ProblemCode.E_DEFAULT_ENVIRONMENT, settings.origin(),
                        "default_environment is missing",
                        "add 'default_environment: <slug>' naming the environment served when a request names none"
                                + (environments.isEmpty() ? "" : " (one of " + String.join(", ", sorted(environments)) + ")")));
            }
        } else {
            Origin at = document.originAt(List.of("default_environment"), false);
            if (listed && !environments.contains(wanted)) {
                problems.add(Problem.of(ProblemCode.E_DEFAULT_ENVIRONMENT, at,
                        "default_environment '" + wanted + "' has no file environments/" + wanted + ".yaml",
                        Suggestions.hint("environment", wanted, environments)));
            } else if (!settings.allows(wanted)) {
                problems.add(Problem.of(ProblemCode.E_DEFAULT_ENVIRONMENT, at,
                        "default_environment '" + wanted + "' is not among allowed_environments",
                        "add it to allowed_environments, or choose one of " + String.join(", ",
                                settings.allowedEnvironments())));
            }
        }
        List<Node> items = Nodes.items(Nodes.value(fields, "allowed_environments"));
        for (Node item : items) {
            String slug = Nodes.string(item);
            if (listed && slug != null && !environments.contains(slug)) {
                problems.add(Problem.of(ProblemCode.E_UNKNOWN_ENVIRONMENT, document.origin(item),
                        "allowed environment '" + slug + "' has no file environments/" + slug + ".yaml",
                        Suggestions.hint("environment", slug, environments)));
            }
        }
        return problems;
    }

    private static List<String> sorted(Set<String> names) {
        return names.stream().sorted().toList();
    }
}
