package dev.gitflags.internal.graph;

import dev.gitflags.internal.model.BucketingScheme;
import dev.gitflags.internal.model.Environment;
import dev.gitflags.internal.model.Flag;
import dev.gitflags.internal.model.FlagField;
import dev.gitflags.internal.model.FlagOverride;
import dev.gitflags.internal.model.FlagStatus;
import dev.gitflags.internal.model.FlagType;
import dev.gitflags.internal.model.Origin;
import dev.gitflags.internal.model.Variant;
import org.junit.jupiter.api.Test;

import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ResolverTest {

    private static final Origin FLAG_ORIGIN = new Origin("flags/checkout.yaml", 2, 3);

    private static Flag flag(String key) {
        Map<FlagField, Origin> origins = new EnumMap<>(FlagField.class);
        origins.put(FlagField.DEFAULT_VALUE, new Origin("flags/checkout.yaml", 5, 5));
        return new Flag(key, key, "", FlagType.STRING, FlagStatus.ACTIVE, true, "base", null, List.of(),
                List.of(new Variant("a", "A", 100, FLAG_ORIGIN)), List.of(), Map.of(), origins, FLAG_ORIGIN);
    }

    private static FlagOverride override(String key, String file, int line, Map<FlagField, Object> fields) {
        Map<FlagField, Origin> origins = new EnumMap<>(FlagField.class);
        fields.keySet().forEach(field -> origins.put(field, new Origin(file, line, 7)));
        return new FlagOverride(key, fields, origins, new Origin(file, line - 1, 5));
    }

    private static Environment env(String slug, String parent, FlagOverride... overrides) {
        Map<String, FlagOverride> byKey = new LinkedHashMap<>();
        for (FlagOverride override : overrides) {
            byKey.put(override.flagKey(), override);
        }
        String file = "environments/" + slug + ".yaml";
        return new Environment(slug, slug, "", parent, true, Map.of(), byKey, new Origin(file, 2, 9),
                new Origin(file, 1, 1));
    }

    private static Map<String, ResolvedEnvironment> resolve(boolean inheritance, Environment... environments) {
        Map<String, Environment> byslug = new LinkedHashMap<>();
        for (Environment environment : environments) {
            byslug.put(environment.slug(), environment);
        }
        Map<String, Flag> flags = Map.of("checkout", flag("checkout"), "other", flag("other"));
        return Resolver.resolveAll(flags, byslug, EnvironmentGraph.of(byslug), inheritance);
    }

    /** What a load's deadline check throws; any exception stops the resolution. */
    private static final class Stop extends RuntimeException {
    }

    @Test
    void theCheckpointRunsBeforeEveryEnvironmentBaseFlagAndOverrideAndItsExceptionStopsTheResolution() {
        Map<String, Environment> byslug = new LinkedHashMap<>();
        for (String slug : List.of("a", "b", "c")) {
            String file = "environments/" + slug + ".yaml";
            byslug.put(slug, env(slug, null,
                    override("checkout", file, 3, Map.of(FlagField.ENABLED, false)),
                    override("other", file, 6, Map.of(FlagField.ENABLED, false))));
        }
        Map<String, Flag> flags = Map.of("checkout", flag("checkout"), "other", flag("other"));
        EnvironmentGraph graph = EnvironmentGraph.of(byslug);
        AtomicInteger checks = new AtomicInteger();

        Resolver.resolveAll(flags, byslug, graph, false, BucketingScheme.GITFLAGS, Map.of(), Set.of(),
                checks::incrementAndGet);
        // 3 environments, the 2 base flags once (no inheritance: every environment starts from them), 6 overrides
        assertEquals(3 + 2 + 6, checks.get());

        AtomicInteger untilStopped = new AtomicInteger();
        assertThrows(Stop.class, () -> Resolver.resolveAll(flags, byslug, graph, false, BucketingScheme.GITFLAGS,
                Map.of(), Set.of(), () -> {
                    if (untilStopped.incrementAndGet() == 4) {
                        throw new Stop();
                    }
                }));
        assertEquals(4, untilStopped.get(), "nothing is resolved past the checkpoint that threw");
    }

    @Test
    void eachFieldComesFromTheNearestEnvironmentThatSetsIt() {
        Map<String, ResolvedEnvironment> resolved = resolve(true,
                env("production", null, override("checkout", "environments/production.yaml", 6,
                        Map.of(FlagField.DEFAULT_VALUE, "prod", FlagField.ROLLOUT_PERCENTAGE, 10))),
                env("staging", "production", override("checkout", "environments/staging.yaml", 8,
                        Map.of(FlagField.ROLLOUT_PERCENTAGE, 50))),
                env("dev", "staging"));

        ResolvedFlag dev = resolved.get("dev").flag("checkout");
        assertEquals("prod", dev.defaultValue());
        assertEquals(50, dev.rolloutPercentage());
        assertTrue(dev.enabled());
        assertEquals(new Provenance("production", new Origin("environments/production.yaml", 6, 7)),
                dev.provenanceOf(FlagField.DEFAULT_VALUE));
        assertEquals(new Provenance("staging", new Origin("environments/staging.yaml", 8, 7)),
                dev.provenanceOf(FlagField.ROLLOUT_PERCENTAGE));
        assertTrue(dev.provenanceOf(FlagField.ENABLED).isBase());
        assertEquals(new Origin("flags/checkout.yaml", 2, 3), dev.provenanceOf(FlagField.ENABLED).origin());
        assertEquals(new Origin("flags/checkout.yaml", 5, 5),
                resolved.get("dev").flag("other").provenanceOf(FlagField.DEFAULT_VALUE).origin());
    }

    @Test
    void environmentsWithoutTheirOwnOverrideShareTheParentsObject() {
        Map<String, ResolvedEnvironment> resolved = resolve(true,
                env("production", null, override("checkout", "environments/production.yaml", 6,
                        Map.of(FlagField.ENABLED, false))),
                env("staging", "production"));
        assertSame(resolved.get("production").flag("checkout"), resolved.get("staging").flag("checkout"));
        assertSame(resolved.get("production").flag("other"), resolved.get("staging").flag("other"));
        assertFalse(resolved.get("staging").flag("checkout").enabled());
    }

    @Test
    void listsAndMapsAreReplacedWholeNotMerged() {
        List<Variant> replacement = List.of(new Variant("b", "B", 100, new Origin("environments/dev.yaml", 9, 9)));
        Map<String, ResolvedEnvironment> resolved = resolve(true,
                env("production", null),
                env("dev", "production", override("checkout", "environments/dev.yaml", 9,
                        Map.of(FlagField.VARIANTS, replacement))));
        assertEquals(replacement, resolved.get("dev").flag("checkout").variants());
        assertEquals(List.of("a"), resolved.get("production").flag("checkout").variants().stream()
                .map(Variant::key).toList());
    }

    @Test
    void withoutInheritanceOnlyTheOwnOverrideThenTheBaseApplies() {
        Map<String, ResolvedEnvironment> resolved = resolve(false,
                env("production", null, override("checkout", "environments/production.yaml", 6,
                        Map.of(FlagField.DEFAULT_VALUE, "prod"))),
                env("staging", "production", override("checkout", "environments/staging.yaml", 8,
                        Map.of(FlagField.ROLLOUT_PERCENTAGE, 50))));
        ResolvedFlag staging = resolved.get("staging").flag("checkout");
        assertEquals("base", staging.defaultValue());
        assertEquals(50, staging.rolloutPercentage());
        assertTrue(staging.provenanceOf(FlagField.DEFAULT_VALUE).isBase());
    }

    @Test
    void overrideOfAFlagThatDoesNotExistIsIgnoredByTheResolver() {
        Map<String, ResolvedEnvironment> resolved = resolve(true,
                env("production", null, override("ghost", "environments/production.yaml", 6,
                        Map.of(FlagField.ENABLED, false))));
        assertNull(resolved.get("production").flag("ghost"));
        assertEquals(2, resolved.get("production").flags().size());
    }
}
