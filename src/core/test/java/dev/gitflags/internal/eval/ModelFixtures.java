package dev.gitflags.internal.eval;

import dev.gitflags.internal.Snapshot;
import dev.gitflags.internal.graph.ResolvedFlag;
import dev.gitflags.internal.graph.Resolver;
import dev.gitflags.internal.model.Condition;
import dev.gitflags.internal.model.Detection;
import dev.gitflags.internal.model.Environment;
import dev.gitflags.internal.model.Flag;
import dev.gitflags.internal.model.FlagField;
import dev.gitflags.internal.model.FlagOverride;
import dev.gitflags.internal.model.FlagStatus;
import dev.gitflags.internal.model.FlagType;
import dev.gitflags.internal.model.Operator;
import dev.gitflags.internal.model.Origin;
import dev.gitflags.internal.model.RepoSettings;
import dev.gitflags.internal.model.Rule;
import dev.gitflags.internal.model.Serve;
import dev.gitflags.internal.model.Variant;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Model records built directly, as the loader would build them (conditions compiled by {@link Operators}),
 * for tests and benchmarks that must not depend on YAML.
 */
public final class ModelFixtures {

    private static final Origin ORIGIN = new Origin("flags/test.yaml", 1, 1);

    private ModelFixtures() {
    }

    public static Condition condition(String attribute, Operator operator, Object value) {
        try {
            return new Condition(attribute, operator, value, Operators.compile(operator, value), ORIGIN);
        } catch (InvalidOperandException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
    }

    public static Rule rule(String name, Serve serve, Condition... conditions) {
        return new Rule(name, 0, true, List.of(conditions), serve, null, ORIGIN);
    }

    public static Rule rule(String name, Serve serve, Integer rolloutPercentage, Condition... conditions) {
        return new Rule(name, 0, true, List.of(conditions), serve, rolloutPercentage, ORIGIN);
    }

    public static Rule disabled(Rule rule) {
        return new Rule(rule.name(), rule.priority(), false, rule.conditions(), rule.serve(), rule.rolloutPercentage(),
                rule.origin());
    }

    public static Variant variant(String key, Object value, int weight) {
        return new Variant(key, value, weight, ORIGIN);
    }

    public static FlagBuilder flag(String key, FlagType type, Object defaultValue) {
        return new FlagBuilder(key, type, defaultValue);
    }

    /** An active environment whose overrides set the given fields of the given flags. */
    public static Environment environment(String slug, String parent, boolean active,
                                          Map<String, Map<FlagField, Object>> overrides) {
        String file = "environments/" + slug + ".yaml";
        Map<String, FlagOverride> byKey = new LinkedHashMap<>();
        overrides.forEach((key, fields) -> {
            Map<FlagField, Origin> origins = new EnumMap<>(FlagField.class);
            fields.keySet().forEach(field -> origins.put(field, new Origin(file, 5, 7)));
            byKey.put(key, new FlagOverride(key, fields, origins, new Origin(file, 4, 5)));
        });
        return new Environment(slug, slug, "", parent, active, Map.of(), byKey, new Origin(file, 2, 9),
                new Origin(file, 1, 1));
    }

    /** A resolved snapshot; an empty {@code allowed} allows every environment. */
    public static Snapshot snapshot(List<String> allowed, List<Flag> flags, List<Environment> environments) {
        Map<String, Flag> flagsByKey = new TreeMap<>();
        flags.forEach(flag -> flagsByKey.put(flag.key(), flag));
        Map<String, Environment> environmentsBySlug = new LinkedHashMap<>();
        environments.forEach(environment -> environmentsBySlug.put(environment.slug(), environment));
        String defaultEnvironment = environments.isEmpty() ? null : environments.get(0).slug();
        RepoSettings settings = new RepoSettings(defaultEnvironment, allowed, true, Detection.DEFAULT,
                RepoSettings.DEFAULT_MAX_ATTRIBUTE_LENGTH, Origin.ofFile("gitflags.yaml"));
        return Snapshot.of(settings, flagsByKey, environmentsBySlug, null);
    }

    /** Builds a {@link Flag}; fields left alone take the YAML defaults (active, enabled, no targeting). */
    public static final class FlagBuilder {
        private final String key;
        private final FlagType type;
        private final Object defaultValue;
        private FlagStatus status = FlagStatus.ACTIVE;
        private boolean enabled = true;
        private Integer rolloutPercentage;
        private final List<Rule> rules = new ArrayList<>();
        private final List<Variant> variants = new ArrayList<>();
        private Map<String, Object> metadata = Map.of();

        private FlagBuilder(String key, FlagType type, Object defaultValue) {
            this.key = key;
            this.type = type;
            this.defaultValue = defaultValue;
        }

        public FlagBuilder status(FlagStatus value) {
            status = value;
            return this;
        }

        public FlagBuilder enabled(boolean value) {
            enabled = value;
            return this;
        }

        public FlagBuilder rollout(Integer percentage) {
            rolloutPercentage = percentage;
            return this;
        }

        public FlagBuilder rules(Rule... values) {
            rules.addAll(Arrays.asList(values));
            return this;
        }

        /** Variants are kept sorted by key, as the loader sorts them. */
        public FlagBuilder variants(Variant... values) {
            variants.addAll(Arrays.asList(values));
            variants.sort((a, b) -> a.key().compareTo(b.key()));
            return this;
        }

        public FlagBuilder metadata(Map<String, Object> value) {
            metadata = value;
            return this;
        }

        public Flag build() {
            return new Flag(key, key, "", type, status, enabled, defaultValue, rolloutPercentage, rules, variants,
                    List.of(), metadata, Map.of(), ORIGIN);
        }

        /** The flag as an environment without overrides sees it. */
        public ResolvedFlag resolved() {
            return Resolver.ofBase(build());
        }
    }
}
