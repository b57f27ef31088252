package dev.gitflags.internal.load;

import dev.gitflags.internal.model.Origin;
import dev.gitflags.internal.model.Problem;
import dev.gitflags.internal.model.ProblemCode;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.nodes.MappingNode;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class YamlReaderTest {

    private final YamlReader reader = new YamlReader(LoadLimits.DEFAULT);

    private YamlReader.Result read(String text) {
        return reader.read("f.yaml", text.getBytes(StandardCharsets.UTF_8));
    }

    private static Problem only(YamlReader.Result result) {
        assertNull(result.document());
        assertEquals(1, result.problems().size(), result.problems().toString());
        return result.problems().get(0);
    }

    @Test
    void scalarsFollowTheYaml12CoreSchema() {
        YamlDocument document = read("""
                a: true
                b: no
                c: on
                d: 12
                e: 1.5
                f: ~
                g: "12"
                h: 2024-01-01
                i: 0x10
                j: 99999999999999999999
                k: -7
                """).document();
        @SuppressWarnings("unchecked")
        Map<String, Object> value = (Map<String, Object>) YamlDocument.value(document.root());
        assertEquals(true, value.get("a"));
        assertEquals("no", value.get("b"));
        assertEquals("on", value.get("c"));
        assertEquals(12L, value.get("d"));
        assertEquals(1.5, value.get("e"));
        assertTrue(value.containsKey("f"));
        assertNull(value.get("f"));
        assertEquals("12", value.get("g"));
        assertEquals("2024-01-01", value.get("h"));
        assertEquals(16L, value.get("i"));
        assertEquals(1e20, value.get("j"));
        assertEquals(-7L, value.get("k"));
    }

    @Test
    void originsOfNodesAndKeysByPathAreOneBased() {
        YamlDocument document = read("""
                flags:
                  a:
                    rules:
                      - serve: x
                """).document();
        assertEquals(new Origin("f.yaml", 4, 16), document.originAt(List.of("flags", "a", "rules", 0, "serve"), false));
        assertEquals(new Origin("f.yaml", 4, 9), document.originAt(List.of("flags", "a", "rules", 0, "serve"), true));
        assertEquals(new Origin("f.yaml", 2, 3), document.originAt(List.of("flags", "a"), true));
        assertEquals(new Origin("f.yaml", 4, 16), document.originAt("/flags/a/rules/0/serve"));
        assertEquals(new Origin("f.yaml", 1, 1), document.originAt(""));
        // A path that does not exist locates its deepest existing ancestor.
        assertEquals(new Origin("f.yaml", 3, 5), document.originAt(List.of("flags", "a", "nothing"), false));
    }

    @Test
    void byteOrderMarkIsAccepted() {
        byte[] bytes = "\uFEFFa: 1\n".getBytes(StandardCharsets.UTF_8);
        YamlReader.Result result = reader.read("f.yaml", bytes);
        assertEquals(List.of(), result.problems());
        assertInstanceOf(MappingNode.class, result.document().root());
    }

    @Test
    void invalidUtf8IsLocatedAtTheBadByte() {
        byte[] bytes = {'a', ':', ' ', '1', '\n', 'b', ':', ' ', (byte) 0xC3, '(', '\n'};
        Problem problem = only(reader.read("f.yaml", bytes));
        assertEquals(ProblemCode.E_ENCODING, problem.code());
        assertEquals(new Origin("f.yaml", 2, 4), problem.origin());
        assertTrue(problem.message().contains("0xC3"), problem.message());
    }

    @Test
    void aNulByteIsLocatedWhereItIs() {
        byte[] bytes = "\uFEFFa: 1\nb: x\u0000y\n".getBytes(StandardCharsets.UTF_8);
        Problem problem = only(reader.read("f.yaml", bytes));
        assertEquals(ProblemCode.E_ENCODING, problem.code());
        assertEquals(new Origin("f.yaml", 2, 5), problem.origin());
        assertEquals("byte 0x00 (NUL) at offset 12 is not allowed in YAML", problem.message());
        assertEquals("remove the NUL byte: YAML files are text", problem.hint());
    }

    @Test
    void utf16WithoutAByteOrderMarkIsLocatedAndNamed() {
        Problem little = only(reader.read("f.yaml", "a: 1\n".getBytes(StandardCharsets.UTF_16LE)));
        assertEquals(new Origin("f.yaml", 1, 2), little.origin());
        assertEquals("the file looks like UTF-16: save it as UTF-8", little.hint());
        Problem big = only(reader.read("f.yaml", "a: 1\n".getBytes(StandardCharsets.UTF_16BE)));
        assertEquals(new Origin("f.yaml", 1, 1), big.origin());
        assertEquals("byte 0x00 (NUL) at offset 0 is not allowed in YAML", big.message());
    }

    @Test
    void anotherControlCharacterIsLocatedWithItsEscape() {
        Problem problem = only(read("a: 1\nbell: ding\u0007\n"));
        assertEquals(new Origin("f.yaml", 2, 11), problem.origin());
        assertEquals("character U+0007 at offset 15 is not allowed in YAML", problem.message());
        assertEquals("remove it, or write it as \"\\u0007\" in a double-quoted string", problem.hint());
    }

    @Test
    void syntaxErrorsAreLocatedAtTheProblemMark() {
        Problem problem = only(read("a:\n  b: 1\n c: 2\n"));
        assertEquals(ProblemCode.E_YAML_SYNTAX, problem.code());
        assertEquals(3, problem.origin().line());
    }

    @Test
    void twoDocumentsAreASyntaxError() {
        assertEquals(ProblemCode.E_YAML_SYNTAX, only(read("a: 1\n---\nb: 2\n")).code());
    }

    @Test
    void duplicateKeysNameTheFirstOccurrenceAtAnyDepth() {
        YamlReader.Result result = read("a:\n  x: 1\n  y: 2\n  x: 3\nb: 1\nb: 2\n");
        assertNotNull(result.document());
        assertEquals(List.of("f.yaml:4:3 key 'x' appears again; first at line 2",
                        "f.yaml:6:1 key 'b' appears again; first at line 5"),
                result.problems().stream().sorted().map(p -> p.origin() + " " + p.message()).toList());
    }

    @Test
    void billionLaughsIsStoppedByTheAliasLimit() {
        StringBuilder yaml = new StringBuilder("a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n");
        String previous = "a";
        for (String name : List.of("b", "c", "d", "e", "f", "g", "h", "i")) {
            yaml.append(name).append(": &").append(name).append(" [");
            yaml.append(String.join(", ", java.util.Collections.nCopies(9, "*" + previous))).append("]\n");
            previous = name;
        }
        Problem problem = only(read(yaml.toString()));
        assertEquals(ProblemCode.E_LIMIT, problem.code());
        assertEquals(7, problem.origin().line());
    }

    @Test
    void fewAliasesThatDoubleAtEachLevelAreStoppedByTheExpansionBudget() {
        StringBuilder yaml = new StringBuilder("l0: &l0 [x, y]\n");
        for (int level = 1; level <= 24; level++) {
            yaml.append("l").append(level).append(": &l").append(level)
                    .append(" [*l").append(level - 1).append(", *l").append(level - 1).append("]\n");
        }
        Problem problem = only(read(yaml.toString()));
        assertEquals(ProblemCode.E_LIMIT, problem.code());
        assertTrue(problem.message().contains("expand"), problem.message());
        assertTrue(problem.origin().line() > 1, problem.origin().toString());
    }

    /** {@code levels} anchored sequences, each of three aliases to the one before: 3^(levels+1) nodes expanded. */
    private static String tripling(int levels) {
        StringBuilder yaml = new StringBuilder("l0: &l0 [x, y, z]\n");
        for (int level = 1; level <= levels; level++) {
            String previous = "*l" + (level - 1);
            yaml.append("l").append(level).append(": &l").append(level).append(" [").append(previous).append(", ")
                    .append(previous).append(", ").append(previous).append("]\n");
        }
        return yaml.toString();
    }

    @Test
    void aliasExpansionHasABudgetOfItsOwnWhateverTheFileSizeLimit() {
        String bomb = tripling(15);
        assertTrue(bomb.length() < 1024, "a 1 KB file");
        LoadLimits wide = LoadLimits.DEFAULT.withMaxFileBytes(64L << 20);

        Problem problem = only(new YamlReader(wide).read("f.yaml", bomb.getBytes(StandardCharsets.UTF_8)));
        assertEquals(ProblemCode.E_LIMIT, problem.code());
        assertEquals("aliases expand this document by more than 100000 nodes", problem.message());

        String modest = tripling(8);
        assertEquals(List.of(), new YamlReader(wide).read("f.yaml", modest.getBytes(StandardCharsets.UTF_8))
                .problems());
        assertEquals(List.of(), read(modest).problems());
    }

    @Test
    void recursiveAliasIsALimitProblem() {
        Problem problem = only(read("a: &a\n  - *a\n"));
        assertEquals(ProblemCode.E_LIMIT, problem.code());
    }

    @Test
    void deepNestingIsLocatedWhereTheLimitIsCrossed() {
        String yaml = "[".repeat(200) + "]".repeat(200);
        Problem problem = only(read(yaml));
        assertEquals(ProblemCode.E_LIMIT, problem.code());
        assertEquals(new Origin("f.yaml", 1, LoadLimits.DEFAULT.maxNestingDepth() + 1), problem.origin());
    }

    @Test
    void filesOverTheSizeLimitAreRejectedBeforeParsing() {
        byte[] big = new byte[(int) LoadLimits.DEFAULT.maxFileBytes() + 1];
        java.util.Arrays.fill(big, (byte) '#');
        Problem problem = only(reader.read("f.yaml", big));
        assertEquals(ProblemCode.E_LIMIT, problem.code());
        assertEquals(new Origin("f.yaml", 1, 1), problem.origin());

        YamlReader small = new YamlReader(new LoadLimits(10, 50, 64, 64, 100_000));
        assertEquals(ProblemCode.E_LIMIT, only(small.read("f.yaml", "a: 1234567890\n".getBytes())).code());
    }

    @Test
    void anEmptyFileIsAnEmptyDocument() {
        YamlReader.Result result = read("");
        assertEquals(List.of(), result.problems());
        assertNull(result.document().root());
    }
}
