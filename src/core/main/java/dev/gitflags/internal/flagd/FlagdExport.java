package dev.gitflags.internal.flagd;

import dev.gitflags.internal.Snapshot;
import dev.gitflags.internal.eval.Bucketing;
import dev.gitflags.internal.eval.Evaluator;
import dev.gitflags.internal.eval.Served;
import dev.gitflags.internal.graph.ResolvedEnvironment;
import dev.gitflags.internal.graph.ResolvedFlag;
import dev.gitflags.internal.model.BucketingScheme;
import dev.gitflags.internal.model.Condition;
import dev.gitflags.internal.model.FlagStatus;
import dev.gitflags.internal.model.FlagType;
import dev.gitflags.internal.model.Rule;
import dev.gitflags.internal.model.Variant;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One served environment as flagd flag definitions ({@code flags.json} of open-feature/flagd-schemas): exact or
 * nothing. Every exported flag gives every context the value gitflags' evaluator gives it; a flag flagd cannot
 * reproduce exactly is left out and named with the reason ({@link Omission}).
 *
 * <p>How a flag is written: {@code state} is always {@code ENABLED} (flagd treats {@code DISABLED} as if the flag did
 * not exist, so a disabled flag is exported with its disabled value as the only variant). The evaluator's steps
 * become one {@code if} chain in their order: each enabled rule (its conditions, see {@link FlagdConditions}, and
 * its rollout), the variant split, the flag's rollout; {@code defaultVariant} is what the last step falls back to.
 * A partial rollout is {@code fractional} over {@code [in, p], [out, 100 − p]} and a split {@code fractional} over
 * the variants in key order, each over the bucketing string {@link Bucketing} names for it, and each guarded by
 * {@code !!targetingKey}, since gitflags puts a missing or empty key outside them where flagd would hash it. So
 * rollouts and splits need {@code bucketing: flagd} in {@code gitflags.yaml}; with gitflags' own bucketing such a
 * flag is left out.
 *
 * <p>Variant names: gitflags' variants keep their keys; a served value of a rule's own is {@code rule:<name>}, the
 * default value {@code value:default}, a boolean flag's true/false {@code value:true}/{@code value:false}
 * (variant keys in gitflags cannot hold a colon, so these never clash). Reasons differ where the vocabularies do:
 * flagd says {@code TARGETING_MATCH} where gitflags says {@code SPLIT}, and {@code STATIC} for a disabled flag.
 */
public final class FlagdExport {

    static final String IN = "in";
    static final String OUT = "out";

    private FlagdExport() {
    }

    /** A flag left out of the export, and why flagd could not reproduce it. */
    public record Omission(String flag, String reason) {
    }

    /**
     * The export of one environment: the flagd document (maps, lists and scalars, ready for JSON) and the flags
     * left out, by key.
     */
    public record Result(Map<String, Object> document, List<Omission> omitted) {
        public Result {
            omitted = List.copyOf(omitted);
        }
    }

    /** Exports {@code environment}, which the snapshot must serve ({@link Snapshot#serves}). */
    public static Result of(Snapshot snapshot, String environment) {
        if (!snapshot.serves(environment)) {
            throw new IllegalArgumentException("environment '" + environment + "' is not served");
        }
        ResolvedEnvironment resolved = snapshot.resolved().get(environment);
        FlagdConditions conditions = new FlagdConditions(snapshot.settings().maxAttributeLength());
        BucketingScheme bucketing = snapshot.settings().bucketing();
        Map<String, Object> flags = new LinkedHashMap<>();
        List<Omission> omitted = new ArrayList<>();
        for (String key : snapshot.flagKeys()) {
            ResolvedFlag flag = resolved.flag(key);
            if (flag == null) {
                continue;
            }
            try {
                flags.put(key, new FlagWriter(flag, conditions, bucketing).write());
            } catch (Unexportable e) {
                omitted.add(new Omission(key, e.getMessage()));
            }
        }
        // no commit id: the document is a function of the config alone, so a commit that leaves the environment's
        // flags alone changes nothing a flagd provider sees (and its ETag can follow the config's content)
        Map<String, Object> metadata = new LinkedHashMap<>();
        metadata.put("flagSetId", environment);
        Map<String, Object> document = new LinkedHashMap<>();
        document.put("$schema", "https://flagd.dev/schema/v0/flags.json");
        document.put("metadata", metadata);
        document.put("flags", flags);
        return new Result(document, omitted);
    }

    /** One flag's definition; collects the variants its steps serve as it writes them. */
    private static final class FlagWriter {
        private final ResolvedFlag flag;
        private final FlagdConditions conditions;
        private final BucketingScheme bucketing;
        private final Map<String, Object> variants = new LinkedHashMap<>();

        FlagWriter(ResolvedFlag flag, FlagdConditions conditions, BucketingScheme bucketing) {
            this.flag = flag;
            this.conditions = conditions;
            this.bucketing = bucketing;
        }

        Map<String, Object> write() throws Unexportable {
            for (Variant variant : flag.variants()) {
                variants.put(variant.key(), checked(variant.value()));
            }
            List<Object> chain = new ArrayList<>(); // condition, variant name, condition, variant name, ...
            String fallback;
            if (flag.status() != FlagStatus.ACTIVE || !flag.enabled()) {
                fallback = name(Evaluator.whenDisabled(flag.type()));
            } else {
                fallback = steps(chain);
            }
            Map<String, Object> definition = new LinkedHashMap<>();
            definition.put("state", "ENABLED");
            definition.put("variants", variants);
            definition.put("defaultVariant", fallback);
            if (!chain.isEmpty()) {
                List<Object> ifArguments = new ArrayList<>(chain);
                ifArguments.add(null); // null: flagd serves defaultVariant, reason DEFAULT
                definition.put("targeting", Map.of("if", ifArguments));
            }
            Map<String, Object> metadata = metadata();
            if (!metadata.isEmpty()) {
                definition.put("metadata", metadata);
            }
            return definition;
        }

        /** Adds the rules, split and rollout to {@code chain}; returns the variant the chain falls back to. */
        private String steps(List<Object> chain) throws Unexportable {
            List<Rule> rules = flag.rules();
            for (int index = 0; index < rules.size(); index++) {
                Rule rule = rules.get(index);
                if (!rule.enabled()) {
                    continue;
                }
                List<Object> tests = new ArrayList<>();
                boolean never = false;
                for (Condition condition : rule.conditions()) {
                    Object test = conditions.condition(condition);
                    never |= test == FlagdConditions.NEVER;
                    tests.add(test);
                }
                Integer percentage = rule.rolloutPercentage();
                if (percentage != null && percentage < 100) {
                    never |= percentage <= 0;
                    tests.add(admitted(percentage, ":rule:"));
                }
                String served = name(Evaluator.served(flag.type(), rule.serve()),
                        rule.name() != null ? rule.name() : String.valueOf(index + 1));
                if (never) {
                    continue;
                }
                if (tests.isEmpty()) {
                    return served; // matches everyone: nothing after it is reached
                }
                chain.add(tests.size() == 1 ? tests.get(0) : Map.of("and", tests));
                chain.add(served);
            }
            if (!flag.variants().isEmpty()) {
                requireFlagdBucketing("a variant split");
                List<Object> fractional = new ArrayList<>();
                fractional.add(bucketingValue(":variant:"));
                int total = 0;
                for (Variant variant : flag.variants()) {
                    fractional.add(List.of(variant.key(), variant.weight()));
                    total += variant.weight();
                }
                if (total != 100) {
                    throw new Unexportable("its variant weights add up to " + total + ", not 100");
                }
                chain.add(hasTargetingKey());
                // one variant takes every key; flagd's schema wants two buckets or more in a fractional
                chain.add(flag.variants().size() == 1 ? flag.variants().get(0).key() : Map.of("fractional", fractional));
            }
            Integer percentage = flag.rolloutPercentage();
            if (percentage != null) {
                String enabled = name(Evaluator.whenEnabled(flag.type()));
                String disabled = name(Evaluator.whenDisabled(flag.type()));
                if (percentage >= 100) {
                    chain.add(true);
                    chain.add(enabled);
                } else if (percentage > 0) {
                    chain.add(admitted(percentage, ":"));
                    chain.add(enabled);
                }
                return disabled;
            }
            return name(new Served(Served.Kind.DEFAULT_VALUE, null, null));
        }

        /** True for a targeting key that a rollout of {@code percentage} admits, bucketed over its own string. */
        private Object admitted(int percentage, String separator) throws Unexportable {
            requireFlagdBucketing("a rollout_percentage of " + percentage);
            Object fractional = Map.of("fractional", List.of(bucketingValue(separator),
                    List.of(IN, percentage), List.of(OUT, 100 - percentage)));
            return Map.of("and", List.of(hasTargetingKey(), Map.of("===", List.of(fractional, IN))));
        }

        private void requireFlagdBucketing(String what) throws Unexportable {
            if (bucketing != BucketingScheme.FLAGD) {
                throw new Unexportable("it has " + what + " and gitflags.yaml says bucketing: gitflags, whose "
                        + "buckets flagd's fractional does not compute (set bucketing: flagd)");
            }
        }

        /** {@code "<flagKey><separator><targetingKey>"}, the string {@link Bucketing} hashes for that step. */
        private Object bucketingValue(String separator) {
            return Map.of("cat", List.of(flag.key() + separator, Map.of("var", "targetingKey")));
        }

        private static Object hasTargetingKey() {
            return Map.of("!!", List.of(Map.of("var", "targetingKey")));
        }

        private String name(Served served) throws Unexportable {
            return name(served, null);
        }

        /** The variant name of what a step serves, adding the variant when it is a value of its own. */
        private String name(Served served, String rule) throws Unexportable {
            if (served.kind() == Served.Kind.VARIANT) {
                if (!variants.containsKey(served.variant())) {
                    throw new Unexportable("a rule serves variant '" + served.variant() + "', which it does not define");
                }
                return served.variant();
            }
            Object value = checked(served.valueIn(flag));
            String name = served.kind() == Served.Kind.DEFAULT_VALUE ? "value:default"
                    : value instanceof Boolean b && flag.type() == FlagType.BOOLEAN ? "value:" + b
                    : "rule:" + rule;
            Object before = variants.putIfAbsent(name, value);
            if (before != null && !Objects.equals(before, value)) {
                throw new Unexportable("two rules named '" + rule + "' serve different values");
            }
            return name;
        }

        /** A variant value flagd can hold for this flag's type: json flags only serve JSON objects in flagd. */
        private Object checked(Object value) throws Unexportable {
            if (flag.type() == FlagType.JSON && !(value instanceof Map)) {
                throw new Unexportable("it is a json flag that serves " + (value == null ? "null"
                        : value instanceof List ? "a list" : "a " + value.getClass().getSimpleName().toLowerCase())
                        + ", and flagd's object flags hold only JSON objects, one type per flag");
            }
            return value;
        }

        /** flagd's flag metadata holds strings, numbers and booleans; other entries are left out. */
        private Map<String, Object> metadata() {
            Map<String, Object> metadata = new LinkedHashMap<>();
            flag.base().metadata().forEach((key, value) -> {
                if (value instanceof String || value instanceof Number || value instanceof Boolean) {
                    metadata.put(key, value);
                }
            });
            return metadata;
        }
    }
}
