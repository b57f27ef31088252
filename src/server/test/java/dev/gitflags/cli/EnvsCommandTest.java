package dev.gitflags.cli;

import dev.gitflags.internal.load.LoadLimits;
import dev.gitflags.testing.Cli;
import dev.gitflags.testing.TestFiles;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertEquals;

class EnvsCommandTest {

    @TempDir
    Path dir;

    private static String slug(int depth) {
        return String.format("e%02d", depth);
    }

    @Test
    void aChainAsDeepAsTheLimitAllowsIsDrawnWithEveryBranch() {
        int deepest = LoadLimits.DEFAULT.maxChainDepth() - 1;
        Map<String, String> files = new TreeMap<>();
        files.put("gitflags.yaml", "default_environment: e00\n");
        files.put("environments/e00.yaml", "name: Root\n");
        for (int depth = 1; depth <= deepest; depth++) {
            files.put("environments/" + slug(depth) + ".yaml", "parent: " + slug(depth - 1) + "\n");
        }
        // a sibling after e01, so every line below e01 carries e01's bar
        files.put("environments/zz-side.yaml", "parent: e00\n");
        TestFiles.write(dir, files);

        Cli cli = Cli.run("envs", "--repo", dir.toString());

        assertEquals(0, cli.exitCode(), cli::transcript);
        List<String> expected = new ArrayList<>(List.of("e00 [default]  Root (0 overrides)", "|-- e01  e01 (0 overrides)"));
        for (int depth = 2; depth <= deepest; depth++) {
            expected.add("|   " + "    ".repeat(depth - 2) + "`-- " + slug(depth) + "  " + slug(depth) + " (0 overrides)");
        }
        expected.add("`-- zz-side  zz-side (0 overrides)");
        assertEquals(expected, cli.out().lines().limit(expected.size()).toList(), cli::transcript);
        assertEquals("65 environments, default e00, inheritance on (each field falls back to the parent chain, "
                + "then the base flag)", cli.out().lines().skip(expected.size() + 1).findFirst().orElseThrow());
    }
}
