package dev.gitflags.bench;

import dev.gitflags.internal.Snapshot;
import dev.gitflags.internal.eval.ModelFixtures;
import dev.gitflags.internal.model.Environment;
import dev.gitflags.internal.model.Flag;
import dev.gitflags.internal.model.FlagField;
import dev.gitflags.internal.model.FlagType;
import dev.gitflags.internal.model.Operator;
import dev.gitflags.internal.model.Rule;
import dev.gitflags.internal.model.Serve;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static dev.gitflags.internal.eval.ModelFixtures.condition;
import static dev.gitflags.internal.eval.ModelFixtures.flag;
import static dev.gitflags.internal.eval.ModelFixtures.rule;

/**
 * A large snapshot built straight from model records (no YAML, no loader), for benchmarks of what happens after
 * loading. Environments form chains of {@code depth}: env-00 ← env-01 ← … ← env-05, env-06 ← …; overrides are
 * spread at random (seeded) over environments and flags.
 */
public final class SyntheticSnapshot {

    private SyntheticSnapshot() {
    }

    public static Snapshot build(int flagCount, int environmentCount, int depth, int overrideCount) {
        Random random = new Random(7);
        Rule beta = rule("beta", Serve.ofValue(true, null), condition("groups", Operator.CONTAINS, "beta"));
        List<Flag> flags = new ArrayList<>(flagCount);
        List<String> keys = new ArrayList<>(flagCount);
        for (int i = 0; i < flagCount; i++) {
            String key = String.format("flag-%05d", i);
            keys.add(key);
            flags.add(flag(key, FlagType.BOOLEAN, false).rules(beta).rollout(i % 101).build());
        }
        List<Map<String, Map<FlagField, Object>>> overrides = new ArrayList<>();
        for (int e = 0; e < environmentCount; e++) {
            overrides.add(new HashMap<>());
        }
        for (int o = 0; o < overrideCount; o++) {
            Map<FlagField, Object> fields = overrides.get(random.nextInt(environmentCount))
                    .computeIfAbsent(keys.get(random.nextInt(flagCount)), key -> new EnumMap<>(FlagField.class));
            if (random.nextBoolean()) {
                fields.put(FlagField.ROLLOUT_PERCENTAGE, random.nextInt(101));
            } else {
                fields.put(FlagField.ENABLED, random.nextBoolean());
            }
        }
        List<Environment> environments = new ArrayList<>(environmentCount);
        for (int e = 0; e < environmentCount; e++) {
            String parent = e % depth == 0 ? null : slug(e - 1);
            environments.add(ModelFixtures.environment(slug(e), parent, true, overrides.get(e)));
        }
        return ModelFixtures.snapshot(List.of(), flags, environments);
    }

    /** The environment with the longest inheritance chain. */
    public static String deepestEnvironment(Snapshot snapshot) {
        return snapshot.environments().keySet().stream()
                .max(Comparator.comparingInt((String slug) -> snapshot.chain(slug).size())
                        .thenComparing(Comparator.reverseOrder()))
                .orElseThrow();
    }

    private static String slug(int index) {
        return String.format("env-%02d", index);
    }
}
