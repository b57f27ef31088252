package dev.gitflags.internal.load;

import dev.gitflags.internal.model.Problem;
import dev.gitflags.testing.Cli;
import dev.gitflags.testing.TestRepo;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntFunction;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Environments in one long chain or one long cycle: located problems with short messages, never a
 * {@code StackOverflowError}. 10,000 of them are loaded from memory (an {@link OverlaySource}, so no 10,000 files
 * need writing); a hundred go through git and the real command line.
 */
class DeepGraphTest {

    @TempDir
    Path dir;

    private static String name(int i) {
        return String.format("e%05d", i);
    }

    /** The files of a repo of {@code size} environments where environment i names {@code parentOf.apply(i)}. */
    private static Map<String, String> environments(int size, IntFunction<String> parentOf) {
        Map<String, String> files = new LinkedHashMap<>();
        files.put("gitflags.yaml", "default_environment: " + name(0) + "\n");
        files.put("flags/base.yaml", "flags:\n  f:\n    type: boolean\n    default_value: false\n");
        for (int i = 0; i < size; i++) {
            String parent = parentOf.apply(i);
            files.put("environments/" + name(i) + ".yaml", parent == null ? "name: root\n" : "parent: " + parent + "\n");
        }
        return files;
    }

    private static IntFunction<String> chain() {
        return i -> i == 0 ? null : name(i - 1);
    }

    private static IntFunction<String> cycle(int size) {
        return i -> name((i + 1) % size);
    }

    private List<Problem> loadInMemory(Map<String, String> files) throws Exception {
        Map<String, byte[]> bytes = new LinkedHashMap<>();
        files.forEach((path, text) -> bytes.put(path, text.getBytes(StandardCharsets.UTF_8)));
        Path empty = Files.createDirectories(dir.resolve("empty"));
        return new Loader().load(new OverlaySource(new WorkingTreeSource(empty), bytes)).problems();
    }

    @Test
    void aChainOf10000IsOneLimitProblemAtTheEnvironmentThatExceedsIt() throws Exception {
        List<Problem> problems = loadInMemory(environments(10_000, chain()));

        assertEquals(1, problems.size(), () -> problems.subList(0, Math.min(3, problems.size())).toString());
        assertEquals("environments/e00064.yaml:1:9: environment 'e00064' is 65 environments deep, more than the "
                + "limit of 64: e00064 -> e00063 -> e00062 -> ... -> e00002 -> e00001 -> e00000 (give it a parent "
                + "nearer the root; an inheritance chain holds at most 64 environments) [E_LIMIT]",
                problems.get(0).toString());
    }

    @Test
    void aCycleOf10000IsReportedOnEveryFileInShortLines() throws Exception {
        List<String> lines = loadInMemory(environments(10_000, cycle(10_000))).stream().map(Problem::toString).toList();

        assertEquals(10_000, lines.size());
        assertTrue(lines.contains("environments/e00042.yaml:1:9: inheritance cycle of 10000 environments: e00042 "
                + "-> e00043 -> e00044 -> ... -> e00040 -> e00041 -> e00042 (remove the parent of one environment "
                + "in the cycle so that the chain ends at a root) [E_CYCLE]"), () -> lines.get(42));
        assertTrue(lines.stream().allMatch(line -> line.length() < 250), lines.get(0));
    }

    @Test
    void aChainAtTheLimitIsValid() throws Exception {
        assertEquals(List.of(), loadInMemory(environments(64, chain())));
    }

    @Test
    void validateFromACommitLocatesALongChainAndEveryFileOfACycle() {
        try (TestRepo repo = TestRepo.init(dir.resolve("repo"))) {
            repo.write(environments(100, chain())).commit("100 deep");
            Cli deep = Cli.run("validate", "--repo", repo.dir().toString(), "--ref", "HEAD");
            assertEquals(1, deep.exitCode(), deep::transcript);
            assertTrue(deep.out().startsWith("environments/e00064.yaml:1:9: environment 'e00064' is 65 environments "
                    + "deep"), deep::transcript);

            repo.write(environments(100, cycle(100))).commit("a cycle of 100");
            Cli cycle = Cli.run("validate", "--repo", repo.dir().toString(), "--ref", "HEAD");
            assertEquals(1, cycle.exitCode(), cycle::transcript);
            assertEquals(100, cycle.out().lines().filter(line -> line.endsWith("[E_CYCLE]")).count(), cycle::transcript);
            assertTrue(cycle.out().contains("environments/e00099.yaml:1:9: inheritance cycle of 100 environments: "
                    + "e00099 -> e00000 -> e00001 -> ... -> e00097 -> e00098 -> e00099"), cycle::transcript);
        }
    }
}
