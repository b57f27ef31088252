package dev.gitflags.internal.promote;

import dev.gitflags.internal.load.LoadLimits;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The post-condition every edit of an environment file must pass: only the promoted overrides read differently. */
class UntouchedEntriesTest {

    private static final String BEFORE = """
            name: Production
            overrides:
              a: &off {enabled: false}
              b: *off
              c: {enabled: true}
            """;

    private static String check(String after, String... promoted) {
        return UntouchedEntries.check(BEFORE.getBytes(StandardCharsets.UTF_8), after.getBytes(StandardCharsets.UTF_8),
                List.of(promoted), LoadLimits.DEFAULT);
    }

    @Test
    void anEditOfThePromotedOverrideAloneIsFineWhateverStyleTheOthersAreWrittenIn() {
        assertNull(check("""
                name: Production
                overrides:
                  a:
                    enabled: true
                  b: &x
                    enabled: false
                  c: {enabled: true}
                """, "a"));
    }

    @Test
    void anotherOverrideThatReadsDifferentlyThroughASharedNodeIsNamed() {
        assertEquals("the override of b", check("""
                name: Production
                overrides:
                  a: &off {enabled: true}
                  b: *off
                  c: {enabled: true}
                """, "a"));
    }

    @Test
    void anAliasLeftWithoutItsAnchorIsCaughtThoughTheScopedLoadWouldSkipIt() {
        String problem = check("""
                name: Production
                overrides:
                  a: {enabled: true}
                  b: *off
                  c: {enabled: true}
                """, "a");
        assertTrue(problem.startsWith("the file, which would no longer parse on its own"), problem);
    }

    @Test
    void aChangedTopLevelEntryOrALostOverrideIsNamed() {
        assertEquals("name", check(BEFORE.replace("Production", "Prod"), "a"));
        assertEquals("the override of c", check(BEFORE.replace("  c: {enabled: true}\n", ""), "a"));
    }
}
