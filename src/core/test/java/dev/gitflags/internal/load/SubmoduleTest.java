package dev.gitflags.internal.load;

import dev.gitflags.internal.LoadResult;
import dev.gitflags.internal.model.Problem;
import dev.gitflags.testing.TestRepo;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A submodule where config belongs, made by the real {@code git submodule add}, is E_SUBMODULE from the commit,
 * from the checkout that holds the submodule's files and from a fresh clone that holds an empty folder.
 */
class SubmoduleTest {

    @TempDir
    Path dir;

    private static List<String> problems(ConfigSource source) {
        try (source) {
            LoadResult result = new Loader().load(source);
            return result.problems().stream().filter(Problem::isError).map(p -> p.code() + " " + p.origin())
                    .sorted().toList();
        }
    }

    /** A config repo whose {@code path} is a submodule holding {@code files}; the rest is {@link ValidRepo}'s. */
    private Path withSubmodule(String path, Map<String, String> files, Map<String, String> rest) {
        Path vendored = dir.resolve("vendored");
        try (TestRepo submodule = TestRepo.init(vendored)) {
            submodule.write(files).commit("the shared files");
        }
        Path config = dir.resolve("config");
        try (TestRepo repo = TestRepo.init(config)) {
            repo.write(rest).commit("config");
            repo.git("-c", "protocol.file.allow=always", "submodule", "--quiet", "add", vendored.toUri().toString(),
                    path).ok();
            repo.git("commit", "--quiet", "-m", path + " as a submodule").ok();
        }
        return config;
    }

    /** The problems from the commit, the checkout and a fresh clone without its submodules, which must agree. */
    private List<String> fromEverySource(Path config) throws SourceException {
        Path clone = dir.resolve("clone");
        try (TestRepo repo = TestRepo.open(config)) {
            repo.git("clone", "--quiet", config.toString(), clone.toString()).ok();
        }
        List<String> committed = problems(ConfigSources.open(config, "HEAD"));
        assertEquals(committed, problems(ConfigSources.open(config, null)), "from the checkout");
        assertEquals(committed, problems(ConfigSources.open(clone, null)), "from a fresh clone");
        return committed;
    }

    @Test
    void theFlagsFolderAsASubmoduleIsLocatedWithAHintFromEverySource() throws Exception {
        Map<String, String> rest = new TreeMap<>(ValidRepo.files());
        Map<String, String> flags = new TreeMap<>();
        rest.keySet().stream().filter(file -> file.startsWith("flags/")).toList()
                .forEach(file -> flags.put(file.substring("flags/".length()), rest.remove(file)));
        Path config = withSubmodule("flags", flags, rest);
        assertTrue(Files.exists(config.resolve("flags/checkout.yaml")), "the checkout holds the submodule's files");

        assertEquals(List.of("E_SUBMODULE flags:1:1"), fromEverySource(config));
        try (ConfigSource committed = ConfigSources.open(config, "HEAD")) {
            Problem problem = new Loader().load(committed).problems().get(0);
            assertEquals("flags is a git submodule, and gitflags does not follow submodules", problem.message());
            assertEquals("vendor the files: replace the submodule with the files themselves (git rm flags, copy its "
                    + "files in, commit them)", problem.hint());
        }
    }

    @Test
    void aFlagFileAsASubmoduleIsLocatedFromEverySource() throws Exception {
        Path config = withSubmodule("flags/shared.yaml",
                Map.of("README.md", "flags:\n  shared: {type: boolean, default_value: false}\n"), ValidRepo.files());

        assertEquals(List.of("E_SUBMODULE flags/shared.yaml:1:1"), fromEverySource(config));
    }

    @Test
    void theEnvironmentsFolderAsASubmoduleIsLocatedFromEverySource() throws Exception {
        Map<String, String> rest = new TreeMap<>(ValidRepo.files());
        Map<String, String> environments = new TreeMap<>();
        rest.keySet().stream().filter(file -> file.startsWith("environments/")).toList()
                .forEach(file -> environments.put(file.substring("environments/".length()), rest.remove(file)));
        Path config = withSubmodule("environments", environments, rest);

        assertEquals(List.of("E_SUBMODULE environments:1:1"), fromEverySource(config));
    }
}
