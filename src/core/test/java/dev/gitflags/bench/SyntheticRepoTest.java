package dev.gitflags.bench;

import dev.gitflags.internal.LoadResult;
import dev.gitflags.internal.Snapshot;
import dev.gitflags.internal.load.ConfigSource;
import dev.gitflags.internal.load.ConfigSources;
import dev.gitflags.internal.load.Loader;
import dev.gitflags.internal.model.Environment;
import dev.gitflags.internal.model.FlagType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SyntheticRepoTest {

    @Test
    void generatesAValidCommittedRepoOfTheRequestedShape(@TempDir Path dir) throws Exception {
        Path repo = SyntheticRepo.generate(dir.resolve("repo"), 600, 9, 4, 300);

        LoadResult result;
        try (ConfigSource source = ConfigSources.open(repo, "main")) {
            result = new Loader().load(source);
        }
        // valid; its generated overrides include some that cannot take effect, which are warnings
        assertEquals(List.of(), result.errors());
        Snapshot snapshot = result.snapshot();
        assertEquals(40, snapshot.commit().length());
        assertEquals(600, snapshot.flags().size());
        assertEquals(9, snapshot.environments().size());
        assertEquals(4, snapshot.environments().keySet().stream().mapToInt(snapshot.graph()::depth).max().orElseThrow());
        assertEquals(300, snapshot.environments().values().stream().mapToInt(e -> e.overrides().size()).sum());
        Set<FlagType> types = snapshot.flags().values().stream().map(f -> f.type()).collect(Collectors.toSet());
        assertEquals(Set.of(FlagType.values()), types);
        assertTrue(snapshot.flags().values().stream().anyMatch(f -> f.rules().size() == 3 && f.variants().size() == 3));
        Environment root = snapshot.environment(SyntheticRepo.environmentSlug(0)).orElseThrow();
        assertEquals(root.slug(), snapshot.settings().defaultEnvironment());
    }
}
