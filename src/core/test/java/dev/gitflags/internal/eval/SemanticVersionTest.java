package dev.gitflags.internal.eval;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SemanticVersionTest {

    @Test
    void parsesEveryPart() {
        SemanticVersion version = SemanticVersion.parse("1.22.333-rc.1.x-y+build.007");
        assertEquals(1, version.major());
        assertEquals(22, version.minor());
        assertEquals(333, version.patch());
        assertEquals(List.of("rc", "1", "x-y"), version.preRelease());
        assertEquals("build.007", version.build());
        assertEquals("1.22.333-rc.1.x-y+build.007", version.toString());
    }

    @Test
    void toleratesALeadingV() {
        assertEquals(SemanticVersion.parse("1.2.3"), SemanticVersion.parse("v1.2.3"));
    }

    @Test
    void ordersByTheSpecsPrecedenceExample() {
        List<String> ascending = List.of("1.0.0-alpha", "1.0.0-alpha.1", "1.0.0-alpha.beta", "1.0.0-beta",
                "1.0.0-beta.2", "1.0.0-beta.11", "1.0.0-rc.1", "1.0.0", "1.0.1", "1.1.0", "1.10.0", "2.0.0");
        for (int i = 0; i + 1 < ascending.size(); i++) {
            SemanticVersion lower = SemanticVersion.parse(ascending.get(i));
            SemanticVersion higher = SemanticVersion.parse(ascending.get(i + 1));
            assertTrue(lower.compareTo(higher) < 0, lower + " < " + higher);
            assertTrue(higher.compareTo(lower) > 0, higher + " > " + lower);
        }
    }

    @Test
    void comparesHugeNumericPreReleaseIdentifiersWithoutOverflow() {
        assertTrue(SemanticVersion.parse("1.0.0-99999999999999999999")
                .compareTo(SemanticVersion.parse("1.0.0-100000000000000000000")) < 0);
    }

    @Test
    void buildMetadataDoesNotChangePrecedence() {
        assertTrue(SemanticVersion.parse("1.0.0+a").samePrecedence(SemanticVersion.parse("1.0.0+b")));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "1", "1.2", "1.2.3.4", "01.2.3", "1.02.3", "1.2.03", "1.2.3-", "1.2.3-01",
            "1.2.3-a..b", "1.2.3+", "1.2.3-a_b", " 1.2.3", "1.2.3 ", "a.b.c", "1.2.x", "vv1.2.3",
            "99999999999999999999.0.0"})
    void rejectsWhatIsNotSemVer(String text) {
        assertNull(SemanticVersion.tryParse(text));
        IllegalArgumentException error = assertThrows(IllegalArgumentException.class, () -> SemanticVersion.parse(text));
        assertTrue(error.getMessage().startsWith("'" + text + "' is not a semantic version: "), error.getMessage());
    }

    @Test
    void saysWhichPartIsMissing() {
        IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
                () -> SemanticVersion.parse("1.4"));
        assertEquals("'1.4' is not a semantic version: the patch version is missing; write MAJOR.MINOR.PATCH, "
                + "e.g. 1.4.0", error.getMessage());
    }
}
