package dev.gitflags.internal.load;

import dev.gitflags.internal.LoadResult;
import dev.gitflags.internal.Snapshot;
import dev.gitflags.internal.diff.FieldValues;
import dev.gitflags.internal.diff.SnapshotDiff;
import dev.gitflags.internal.graph.ResolvedFlag;
import dev.gitflags.internal.model.Environment;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Two loads that must agree: the same problems and, when valid, the same snapshot, value by value and origin. */
final class SameResult {

    private SameResult() {
    }

    static void assertSame(LoadResult expected, LoadResult actual, String what) {
        assertEquals(expected.problems(), actual.problems(), what + ": problems");
        assertEquals(expected.isValid(), actual.isValid(), what + ": validity");
        if (expected.isValid()) {
            assertSameSnapshot(expected.snapshot(), actual.snapshot(), what);
        }
    }

    /** Same commit, settings, flags and environments; each flag resolved alike in each, with the same provenance. */
    static void assertSameSnapshot(Snapshot expected, Snapshot actual, String what) {
        assertEquals(expected.commit(), actual.commit(), what + ": commit");
        assertEquals(expected.settings(), actual.settings(), what + ": settings");
        assertEquals(expected.flagKeys(), actual.flagKeys(), what + ": flag keys");
        assertEquals(expected.environments().keySet(), actual.environments().keySet(), what + ": environments");
        assertEquals(expected.graph().treeOrder(), actual.graph().treeOrder(), what + ": graph");
        SnapshotDiff diff = SnapshotDiff.between(expected, actual);
        assertTrue(diff.isEmpty(), () -> what + ": " + diff);
        for (String slug : expected.environments().keySet()) {
            Environment environment = expected.environments().get(slug);
            Environment other = actual.environments().get(slug);
            assertEquals(environment.origin(), other.origin(), what + ": origin of " + slug);
            assertEquals(environment.overrides().keySet(), other.overrides().keySet(), what + ": overrides of " + slug);
            for (String key : expected.flagKeys()) {
                assertSameFlag(expected.flag(slug, key).orElseThrow(), actual.flag(slug, key).orElseThrow(),
                        what + ": " + slug + "/" + key);
            }
        }
    }

    static void assertSameFlag(ResolvedFlag expected, ResolvedFlag actual, String what) {
        assertEquals(List.of(), FieldValues.differing(expected, actual), what);
        assertEquals(expected.provenance(), actual.provenance(), what + ": provenance");
        assertEquals(expected.base().origin(), actual.base().origin(), what + ": origin");
    }
}
