package dev.gitflags.cli;

import dev.gitflags.internal.eval.EvaluationContext;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class ContextArgumentsTest {

    @Test
    void attributeValuesAreTypedLikeJsonScalars() {
        assertEquals(42L, ContextArguments.parseValue("42"));
        assertEquals(-7L, ContextArguments.parseValue("-7"));
        assertEquals(2.5, ContextArguments.parseValue("2.5"));
        assertEquals(1e3, ContextArguments.parseValue("1e3"));
        assertEquals(true, ContextArguments.parseValue("true"));
        assertEquals(false, ContextArguments.parseValue("false"));
        assertEquals("NL", ContextArguments.parseValue("NL"));
        assertEquals("1.2.3", ContextArguments.parseValue("1.2.3"));   // a version stays a string
        assertEquals("01234", ContextArguments.parseValue("01234"));   // so does a zip code
        assertEquals("42", ContextArguments.parseValue("\"42\""));      // quotes force a string
        assertEquals("", ContextArguments.parseValue(""));
        assertEquals("2026-12-01T00:00:00Z", ContextArguments.parseValue("2026-12-01T00:00:00Z"));
    }

    @Test
    void attrsWinOverJsonAndTargetWinsOverBoth() {
        EvaluationContext context = ContextArguments.build("cli-user", List.of("plan=pro", "seats=5"),
                "{\"targetingKey\": \"json-user\", \"plan\": \"free\", \"beta\": true, \"score\": 1}");

        assertEquals("cli-user", context.targetingKey());
        assertEquals(Map.of("plan", "pro", "seats", 5L, "beta", true, "score", 1L), context.attributes());
    }

    @Test
    void targetingKeyMayComeFromAttrOrJson() {
        assertEquals("a", ContextArguments.build(null, List.of("targetingKey=a"), null).targetingKey());
        assertEquals("b", ContextArguments.build(null, List.of(), "{\"targetingKey\":\"b\"}").targetingKey());
        assertEquals(null, ContextArguments.build(null, List.of(), null).targetingKey());
    }

    @Test
    void malformedArgumentsAreUsageErrors() {
        assertEquals(2, assertThrows(CommandFailure.class,
                () -> ContextArguments.build(null, List.of("=x"), null)).exitCode());
        assertEquals(2, assertThrows(CommandFailure.class,
                () -> ContextArguments.build(null, List.of(), "[1, 2]")).exitCode());
        assertEquals(2, assertThrows(CommandFailure.class,
                () -> ContextArguments.build(null, List.of(), "{\"targetingKey\": 5}")).exitCode());
    }
}
