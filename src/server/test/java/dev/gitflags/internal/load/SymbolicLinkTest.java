package dev.gitflags.internal.load;

import dev.gitflags.internal.LoadResult;
import dev.gitflags.testing.Cli;
import dev.gitflags.testing.TestRepo;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Links are never followed, and a link where config belongs is E_SYMLINK the same from disk and from a commit. */
class SymbolicLinkTest {

    @TempDir
    Path dir;

    private static List<String> problems(ConfigSource source) {
        LoadResult result = new Loader().load(source);
        return result.problems().stream().map(p -> p.code() + " " + p.origin()).sorted().toList();
    }

    /** The problems of {@code dir} as it is on disk and as committed, which must be the same. */
    private List<String> onDiskAndCommitted(TestRepo repo) throws SourceException {
        repo.commit("with links");
        List<String> onDisk = problems(ConfigSources.open(dir, null));
        try (ConfigSource committed = ConfigSources.open(dir, "HEAD")) {
            assertEquals(onDisk, problems(committed));
        }
        return onDisk;
    }

    @Test
    void aLinkedGitflagsYamlIsItsOwnProblemNotAMissingFile() throws Exception {
        try (TestRepo repo = TestRepo.init(dir)) {
            repo.write(ValidRepo.files()).write("shared/gitflags.yaml", ValidRepo.files().get("gitflags.yaml"))
                    .delete("gitflags.yaml");
            Files.createSymbolicLink(dir.resolve("gitflags.yaml"), Path.of("shared/gitflags.yaml"));

            assertEquals(List.of("E_SYMLINK gitflags.yaml:1:1"), onDiskAndCommitted(repo));
        }
    }

    @Test
    void aLinkToAnEnvironmentOutsideTheRepoIsNotRead(@TempDir Path outside) throws Exception {
        Path elsewhere = Files.writeString(outside.resolve("dev.yaml"), "parent: staging\nname: From outside\n");
        try (TestRepo repo = TestRepo.init(dir)) {
            repo.write(ValidRepo.files()).delete("environments/dev.yaml");
            Files.createSymbolicLink(dir.resolve("environments/dev.yaml"), elsewhere);

            assertEquals(List.of("E_SYMLINK environments/dev.yaml:1:1"), onDiskAndCommitted(repo));
        }
    }

    @Test
    void linksOutsideTheConfigFilesAndFoldersAreNoneOfItsBusiness() throws Exception {
        try (TestRepo repo = TestRepo.init(dir)) {
            repo.write(ValidRepo.files()).write("docs/README.md", "how to\n");
            Files.createSymbolicLink(dir.resolve("README.md"), Path.of("docs/README.md"));
            Files.createSymbolicLink(dir.resolve("passwd"), Path.of("/etc/passwd"));

            assertEquals(List.of(), onDiskAndCommitted(repo));
        }
    }

    @Test
    void validatePrintsTheLinkWithAHintAndExitsOne() throws Exception {
        try (TestRepo repo = TestRepo.init(dir)) {
            repo.write(ValidRepo.files()).delete("environments/dev.yaml");
            Files.createSymbolicLink(dir.resolve("environments/dev.yaml"), Path.of("/etc/passwd"));

            Cli cli = Cli.run("validate", "--repo", dir.toString());
            assertEquals(1, cli.exitCode(), cli::transcript);
            assertEquals("environments/dev.yaml:1:1: environments/dev.yaml is a symbolic link, and gitflags reads no "
                    + "links (replace the link with the file or folder itself; with git-annex, keep config files out "
                    + "of the annex) [E_SYMLINK]", cli.out().lines().findFirst().orElseThrow());
            assertFalse(cli.out().contains("root:"), cli::transcript);
            assertTrue(cli.out().lines().noneMatch(line -> line.contains("dev") && !line.contains("E_SYMLINK")
                    && line.contains("[E_")), cli::transcript);
        }
    }
}
