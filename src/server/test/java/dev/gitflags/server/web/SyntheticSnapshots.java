package dev.gitflags.server.web;

import dev.gitflags.internal.Snapshot;
import dev.gitflags.internal.graph.EnvironmentGraph;
import dev.gitflags.internal.model.Detection;
import dev.gitflags.internal.model.Environment;
import dev.gitflags.internal.model.Flag;
import dev.gitflags.internal.model.FlagField;
import dev.gitflags.internal.model.FlagOverride;
import dev.gitflags.internal.model.FlagStatus;
import dev.gitflags.internal.model.FlagType;
import dev.gitflags.internal.model.Origin;
import dev.gitflags.internal.model.RepoSettings;

import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Snapshots built in memory through the real graph and resolver, for matrix tests and the first-screen bench. */
public final class SyntheticSnapshots {

    private SyntheticSnapshots() {
    }

    /**
     * {@code flagCount} boolean/string flags and {@code environmentCount} environments in a tree of depth ≤ 6
     * (env-0 is the root; env-i's parent is env-((i-1)/2)), every 7th flag overridden in every 3rd environment.
     */
    public static Snapshot generate(int flagCount, int environmentCount) {
        return generate(flagCount, environmentCount, 7, 3);
    }

    /**
     * As {@link #generate(int, int)}, every {@code flagStride}-th flag overridden in every
     * {@code environmentStride}-th environment: (10,000, 50, 5, 1) gives 100,000 overrides.
     */
    public static Snapshot generate(int flagCount, int environmentCount, int flagStride, int environmentStride) {
        Map<String, Flag> flags = new TreeMap<>();
        for (int i = 0; i < flagCount; i++) {
            String key = String.format("flag-%05d", i);
            boolean bool = i % 2 == 0;
            flags.put(key, flag(key, bool ? FlagType.BOOLEAN : FlagType.STRING, bool ? Boolean.TRUE : "v" + (i % 5),
                    List.of("team-" + (i % 10)), "flags/f" + (i / 1000) + ".yaml", 2 + (i % 1000) * 6));
        }
        Map<String, Environment> environments = new LinkedHashMap<>();
        for (int e = 0; e < environmentCount; e++) {
            String slug = "env-" + e;
            String parent = e == 0 ? null : "env-" + ((e - 1) / 2);
            Map<String, FlagOverride> overrides = new LinkedHashMap<>();
            if (e % environmentStride == 1 % environmentStride) {
                int line = 5;
                for (int i = e % flagStride; i < flagCount; i += flagStride) {
                    String key = String.format("flag-%05d", i);
                    Flag flag = flags.get(key);
                    Object value = flag.type() == FlagType.BOOLEAN ? Boolean.FALSE : "e" + e;
                    overrides.put(key, override(key, Map.of(FlagField.DEFAULT_VALUE, value),
                            "environments/" + slug + ".yaml", line));
                    line += 2;
                }
            }
            environments.put(slug, environment(slug, parent, overrides));
        }
        return snapshot(flags, environments, "0123456789abcdef0123456789abcdef01234567");
    }

    public static Flag flag(String key, FlagType type, Object defaultValue, List<String> tags, String file, int line) {
        Origin origin = new Origin(file, line, 3);
        return new Flag(key, "Flag " + key, "Synthetic flag " + key, type, FlagStatus.ACTIVE, true, defaultValue,
                null, List.of(), List.of(), tags, Map.of(), Map.of(), origin);
    }

    public static FlagOverride override(String key, Map<FlagField, Object> fields, String file, int line) {
        Map<FlagField, Origin> origins = new EnumMap<>(FlagField.class);
        int offset = 1;
        for (FlagField field : fields.keySet()) {
            origins.put(field, new Origin(file, line + offset++, 5));
        }
        return new FlagOverride(key, fields, origins, new Origin(file, line, 3));
    }

    public static Environment environment(String slug, String parent, Map<String, FlagOverride> overrides) {
        String file = "environments/" + slug + ".yaml";
        return new Environment(slug, slug.substring(0, 1).toUpperCase() + slug.substring(1), null, parent, true,
                Map.of(), overrides, parent == null ? null : new Origin(file, 2, 9), new Origin(file, 1, 1));
    }

    public static Snapshot snapshot(Map<String, Flag> flags, Map<String, Environment> environments, String commit) {
        EnvironmentGraph graph = EnvironmentGraph.of(environments);
        RepoSettings settings = new RepoSettings(graph.roots().get(0), List.of(), true, Detection.DEFAULT,
                RepoSettings.DEFAULT_MAX_ATTRIBUTE_LENGTH, Origin.ofFile("gitflags.yaml"));
        return Snapshot.of(settings, flags, environments, commit);
    }
}
