package dev.gitflags.internal.load;

import dev.gitflags.internal.LoadResult;
import dev.gitflags.internal.model.Flag;
import dev.gitflags.internal.model.ProblemCode;
import dev.gitflags.testing.TestFiles;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** An incremental loader reuses unchanged files' outcomes and still answers exactly as a fresh load would. */
class IncrementalLoaderTest {

    @TempDir
    Path dir;

    private final Loader incremental = Loader.incremental(LoadLimits.DEFAULT);

    private LoadResult both(Map<String, String> replaced) throws Exception {
        Map<String, byte[]> overlay = new HashMap<>();
        replaced.forEach((file, text) -> overlay.put(file, text.getBytes(StandardCharsets.UTF_8)));
        try (ConfigSource base = ConfigSources.open(dir, null)) {
            ConfigSource source = new OverlaySource(base, overlay);
            LoadResult fresh = new Loader().load(source);
            LoadResult reused = incremental.load(source);
            assertEquals(fresh.problems(), reused.problems());
            assertEquals(fresh.isValid(), reused.isValid());
            if (fresh.isValid()) {
                assertEquals(fresh.snapshot().flagKeys(), reused.snapshot().flagKeys());
                for (String env : fresh.snapshot().environments().keySet()) {
                    for (String key : fresh.snapshot().flagKeys()) {
                        assertEquals(fresh.snapshot().flag(env, key).orElseThrow().defaultValue(),
                                reused.snapshot().flag(env, key).orElseThrow().defaultValue(), env + "/" + key);
                    }
                }
            }
            return reused;
        }
    }

    @Test
    void unchangedFilesKeepTheirParsedFlagsAndAChangedEnvironmentIsReadAgain() throws Exception {
        TestFiles.write(dir, ValidRepo.files());
        LoadResult first = both(Map.of());
        String production = """
                name: Production
                overrides:
                  max-items:
                    default_value: 42
                """;
        LoadResult second = both(Map.of("environments/production.yaml", production));
        Flag before = first.snapshot().flags().get("max-items");
        assertSame(before, second.snapshot().flags().get("max-items"), "the flag file was not parsed again");
        assertEquals(42L, second.snapshot().flag("production", "max-items").orElseThrow().defaultValue());
        assertNotSame(first.snapshot().environments().get("production"),
                second.snapshot().environments().get("production"));
        assertSame(first.snapshot().environments().get("staging"), second.snapshot().environments().get("staging"));
    }

    @Test
    void aChangedFlagFileRechecksEveryEnvironmentsOverridesAgainstIt() throws Exception {
        TestFiles.write(dir, ValidRepo.files());
        both(Map.of());
        // production overrides max-items with 20; as a string flag that override is now the wrong type
        String limits = """
                flags:
                  max-items:
                    type: string
                    default_value: "10"
                  theme:
                    type: json
                    default_value: {dark: true}
                """;
        LoadResult changed = both(Map.of("flags/limits.yaml", limits));
        assertTrue(changed.problems().stream().anyMatch(problem -> problem.code() == ProblemCode.E_TYPE_MISMATCH
                && problem.origin().file().equals("environments/production.yaml")), changed.problems().toString());
        LoadResult restored = both(Map.of());
        assertTrue(restored.isValid(), restored.problems().toString());
        assertEquals(List.of(), restored.problems());
    }
}
