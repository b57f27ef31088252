package dev.gitflags.internal.load;

import dev.gitflags.internal.LoadResult;
import dev.gitflags.internal.model.Origin;
import dev.gitflags.internal.model.Problem;
import dev.gitflags.internal.model.ProblemCode;
import dev.gitflags.testing.TestFiles;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** One flag's rules hold at most LoadLimits' maxFlagTargeting rules, conditions and listed values together. */
class FlagTargetingLimitTest {

    private static final int LIMIT = LoadLimits.DEFAULT.maxFlagTargeting();

    @TempDir
    Path dir;

    /** Rules of {@code size} items: two rules, one with a condition, the other with a condition listing the rest. */
    private static String rules(String indent, int size) {
        String values = IntStream.range(0, size - 4).mapToObj(i -> "u" + i).collect(Collectors.joining(", "));
        return indent + "rules:\n"
                + indent + "  - conditions:\n"
                + indent + "      - {attribute: plan, operator: eq, value: pro}\n"
                + indent + "    serve: {value: true}\n"
                + indent + "  - conditions:\n"
                + indent + "      - {attribute: user, operator: in, value: [" + values + "]}\n"
                + indent + "    serve: {value: true}\n";
    }

    private List<Problem> errors(Map<String, String> files, LoadLimits limits) {
        Path root = dir.resolve("repo-" + files.hashCode() + "-" + limits.maxFlagTargeting());
        LoadResult result = new Loader(limits).load(new WorkingTreeSource(TestFiles.write(root, files)));
        return result.errors();
    }

    private static Map<String, String> withFlag(int size) {
        Map<String, String> files = new TreeMap<>(ValidRepo.files());
        files.put("flags/allowlist.yaml", "flags:\n  allowlist:\n    type: boolean\n    default_value: false\n"
                + rules("    ", size));
        return files;
    }

    @Test
    void aFlagAtTheLimitLoadsAndOnePastItIsALocatedLimitAtItsRules() {
        assertEquals(List.of(), errors(withFlag(LIMIT), LoadLimits.DEFAULT));

        List<Problem> past = errors(withFlag(LIMIT + 1), LoadLimits.DEFAULT);
        assertEquals(1, past.size(), past::toString);
        Problem problem = past.get(0);
        assertEquals(ProblemCode.E_LIMIT, problem.code());
        assertEquals(new Origin("flags/allowlist.yaml", 6, 7), problem.origin());
        assertEquals("the rules of flag 'allowlist' hold " + (LIMIT + 1) + " rules, conditions and listed values, "
                + "more than the " + LIMIT + " one flag may have", problem.message());
        assertTrue(problem.hint().contains("--max-flag-targeting"), problem.hint());

        assertEquals(List.of(), errors(withFlag(LIMIT + 1), LoadLimits.DEFAULT.withMaxFlagTargeting(LIMIT + 1)));
    }

    @Test
    void rulesAnOverrideSetsHaveTheSameLimit() {
        for (int size : List.of(LIMIT, LIMIT + 1)) {
            Map<String, String> files = new TreeMap<>(ValidRepo.files());
            files.put("flags/allowlist.yaml", "flags:\n  allowlist: {type: boolean, default_value: false}\n");
            files.put("environments/production.yaml", "overrides:\n  allowlist:\n" + rules("    ", size));

            List<Problem> errors = errors(files, LoadLimits.DEFAULT);
            assertEquals(size > LIMIT ? List.of("E_LIMIT environments/production.yaml:4:7") : List.of(),
                    errors.stream().map(p -> p.code() + " " + p.origin()).toList());
        }
    }
}
