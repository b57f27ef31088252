package dev.gitflags.internal.load;

import dev.gitflags.testing.TestFiles;
import dev.gitflags.testing.TestRepo;
import org.eclipse.jgit.revwalk.RevCommit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

class ConfigSourcesTest {

    @TempDir
    Path dir;

    private static String text(ConfigSource source, String path) throws Exception {
        return new String(source.read(path), StandardCharsets.UTF_8);
    }

    @Test
    void workingTreeListsFilesSortedWithSlashesAndSkipsDotGit() throws Exception {
        TestFiles.write(dir, Map.of("b.yaml", "b", "a/x.yaml", "x", ".git/config", "ignored"));
        try (ConfigSource source = ConfigSources.open(dir, null)) {
            assertInstanceOf(WorkingTreeSource.class, source);
            assertEquals(List.of("a/x.yaml", "b.yaml"), source.files());
            assertEquals("x", text(source, "a/x.yaml"));
            assertEquals(1, source.size("b.yaml"));
            assertNull(source.commit());
        }
    }

    @Test
    void aSymlinkedConfigRootIsFollowed() throws Exception {
        Path revision = dir.resolve("rev-1");
        TestFiles.write(revision, Map.of("gitflags.yaml", "default_environment: production\n"));
        Path link = Files.createSymbolicLink(dir.resolve("current"), revision);
        try (ConfigSource source = ConfigSources.open(link, null)) {
            assertEquals(List.of("gitflags.yaml"), source.files());
        }
    }

    @Test
    void gitRefReadsASubfolderAtAnOlderCommitWithoutCheckout() throws Exception {
        Path config = dir.resolve("deploy/config");
        try (TestRepo repo = TestRepo.init(dir)) {
            TestFiles.write(config, Map.of("gitflags.yaml", "version: 1", "flags/a.yaml", "old"));
            TestFiles.write(dir, Map.of("README.md", "outside the config folder"));
            RevCommit first = repo.commit("first");
            TestFiles.write(config, Map.of("gitflags.yaml", "version: 2", "flags/b.yaml", "new"));
            repo.commit("second");

            try (ConfigSource source = ConfigSources.open(config, "HEAD~1")) {
                assertInstanceOf(GitTreeSource.class, source);
                assertEquals(first.name(), source.commit());
                assertEquals(List.of("flags/a.yaml", "gitflags.yaml"), source.files());
                assertEquals("version: 1", text(source, "gitflags.yaml"));
                assertEquals(10, source.size("gitflags.yaml"));
            }
            try (ConfigSource byShortSha = ConfigSources.open(config, first.name().substring(0, 10))) {
                assertEquals(first.name(), byShortSha.commit());
            }
            try (ConfigSource atMain = ConfigSources.open(config, "main")) {
                assertEquals("version: 2", text(atMain, "gitflags.yaml"));
            }
        }
    }

    @Test
    void bareRepositoryIsReadFromItsObjectDatabase() throws Exception {
        Path work = dir.resolve("work");
        Path bare = dir.resolve("bare.git");
        RevCommit commit;
        try (TestRepo repo = TestRepo.init(work)) {
            TestFiles.write(work, ValidRepo.files());
            commit = repo.commit("config");
            repo.bareClone(bare).close();
        }

        try (ConfigSource source = ConfigSources.open(bare, "main")) {
            assertEquals(commit.name(), source.commit());
            assertTrue(source.files().contains("environments/production.yaml"));
            assertTrue(new Loader().load(source).isValid());
        }
    }

    @Test
    void gitTreeSourceOverACallersRepositoryLeavesItOpen() throws Exception {
        try (TestRepo repo = TestRepo.init(dir)) {
            TestFiles.write(dir, Map.of("sub/f.yaml", "f"));
            RevCommit commit = repo.commit("c");
            try (ConfigSource source = GitTreeSource.of(repo.repository(), commit, "sub/")) {
                assertEquals(List.of("f.yaml"), source.files());
            }
            assertEquals(commit, repo.repository().parseCommit(commit));
        }
    }

    @Test
    void overlayReplacesAddsAndRemovesFilesInMemory() throws Exception {
        TestFiles.write(dir, Map.of("a.yaml", "a", "b.yaml", "b", "c.yaml", "c"));
        Map<String, byte[]> edits = new HashMap<>();
        edits.put("a.yaml", "A".getBytes(StandardCharsets.UTF_8));
        edits.put("new/d.yaml", "dd".getBytes(StandardCharsets.UTF_8));
        edits.put("c.yaml", null);
        try (ConfigSource source = new OverlaySource(new WorkingTreeSource(dir), edits)) {
            assertEquals(List.of("a.yaml", "b.yaml", "new/d.yaml"), source.files());
            assertEquals("A", text(source, "a.yaml"));
            assertEquals("b", text(source, "b.yaml"));
            assertEquals(2, source.size("new/d.yaml"));
            assertArrayEquals("b".getBytes(StandardCharsets.UTF_8), source.read("b.yaml"));
        }
        assertEquals("a", Files.readString(dir.resolve("a.yaml")));
    }

    @Test
    void overlayOfAValidRepoIsValidatedBeforeItIsCommitted() {
        TestFiles.write(dir, ValidRepo.files());
        var broken = Map.of("environments/staging.yaml", "parent: nowhere\n".getBytes(StandardCharsets.UTF_8));
        var result = new Loader().load(new OverlaySource(new WorkingTreeSource(dir), broken));
        assertEquals(List.of("E_MISSING_PARENT environments/staging.yaml:1:9"),
                result.problems().stream().map(p -> p.code() + " " + p.origin()).toList());
    }

    @Test
    void failuresToOpenAreSourceExceptionsWithClearMessages() throws Exception {
        SourceException missing = assertThrows(SourceException.class,
                () -> ConfigSources.open(dir.resolve("nope"), null));
        assertTrue(missing.getMessage().startsWith("no such folder"), missing.getMessage());

        Path plain = Files.createDirectories(dir.resolve("plain"));
        SourceException notGit = assertThrows(SourceException.class, () -> ConfigSources.open(plain, "HEAD"));
        assertTrue(notGit.getMessage().startsWith("not inside a git repository"), notGit.getMessage());

        Path repoDir = dir.resolve("repo");
        try (TestRepo repo = TestRepo.init(repoDir)) {
            repo.write("gitflags.yaml", "x").commit("c");
            SourceException unknownRef = assertThrows(SourceException.class,
                    () -> ConfigSources.open(repoDir, "no-such-branch"));
            assertTrue(unknownRef.getMessage().startsWith("unknown ref 'no-such-branch'"), unknownRef.getMessage());

            Path later = Files.createDirectories(repoDir.resolve("added-later"));
            SourceException absent = assertThrows(SourceException.class, () -> ConfigSources.open(later, "HEAD"));
            assertTrue(absent.getMessage().startsWith("folder 'added-later' does not exist in"), absent.getMessage());
        }
    }

    @Test
    void aRefNoRepositoryCanHoldIsRefusedInOneShortLine() throws Exception {
        try (TestRepo repo = TestRepo.init(dir)) {
            repo.write("gitflags.yaml", "x").commit("c");
            String huge = "a".repeat(100_000);
            SourceException tooLong = assertThrows(SourceException.class, () -> ConfigSources.open(dir, huge));
            assertEquals("ref '" + "a".repeat(57) + "...' has 100000 characters, more than any ref can have (1024)",
                    tooLong.getMessage());

            SourceException longPart = assertThrows(SourceException.class,
                    () -> ConfigSources.open(dir, "refs/heads/" + "b".repeat(256)));
            assertTrue(longPart.getMessage().endsWith("has a part longer than 255 bytes, which no git ref can have"),
                    longPart.getMessage());

            SourceException control = assertThrows(SourceException.class,
                    () -> ConfigSources.open(dir, "main\nHEAD"));
            assertEquals("ref 'main\\x0AHEAD' has a control character, which no git ref can have",
                    control.getMessage());
            assertThrows(SourceException.class, () -> ConfigSources.open(dir, " "));
            try (ConfigSource longest = ConfigSources.open(dir, "HEAD")) {
                assertEquals(repo.head(), longest.commit());
            }
        }
    }

    @Test
    void aSubfolderOfTheProjectsOwnRepositoryOpensAtHead() throws Exception {
        assumeTrue(Files.exists(Path.of(".git")), "run from a git checkout of the project");
        try (ConfigSource source = ConfigSources.open(Path.of("schema"), "HEAD")) {
            assertTrue(source.files().contains("flags.schema.json"), source.files().toString());
            assertEquals(40, source.commit().length());
        }
    }
}
