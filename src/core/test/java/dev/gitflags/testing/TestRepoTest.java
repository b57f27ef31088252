package dev.gitflags.testing;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The git test helper does what every test relies on: staging, reading back, and git itself agreeing. */
class TestRepoTest {

    @TempDir
    Path temp;

    @Test
    void commitStagesNewChangedAndDeletedFilesAndCommitOnlyLeavesTheRestDirty() {
        try (TestRepo repo = TestRepo.init(temp.resolve("repo"))) {
            assertNull(repo.head());
            String first = repo.write("a.yaml", "a: 1\n").write("b.yaml", "b: 1\n").commit("first").name();
            assertEquals(first, repo.head());

            repo.delete("a.yaml").write("b.yaml", "b: 2\n").write("c.yaml", new byte[]{'c', '\n'});
            repo.commitOnly("c.yaml", "only c");
            assertEquals("a: 1\n", repo.read("HEAD", "a.yaml"));
            assertEquals("c\n", repo.read("HEAD", "c.yaml"));
            assertEquals(" D a.yaml\n M b.yaml\n", repo.git("status", "--porcelain").ok());

            repo.commit("the rest");
            assertNull(repo.read("main", "a.yaml"));
            assertEquals("b: 2\n", repo.read("main", "b.yaml"));
            assertEquals(first, repo.commitAt("main~2").name());
            assertEquals("", repo.git("status", "--porcelain").ok());
        }
    }

    @Test
    void theGitBinaryCommitsAsTheSameCommitterWithoutAnyUserConfigAndReportsFailures() {
        try (TestRepo repo = TestRepo.init(temp.resolve("repo")).copyFrom(Path.of("example-repo"))) {
            repo.commit("example repo");
            repo.write("README.md", "by git\n");
            repo.git("add", "README.md").ok();
            repo.git("commit", "--quiet", "-m", "by the git binary").ok();

            assertEquals(TestRepo.NAME + " <" + TestRepo.EMAIL + ">\n",
                    repo.git("log", "-1", "--format=%an <%ae>").ok());
            assertEquals("by git\n", repo.read("HEAD", "README.md"));
            assertTrue(repo.read("HEAD~1", "gitflags.yaml").contains("default_environment"));
            repo.git("config", "--list", "--show-origin").ok().lines().forEach(line -> assertTrue(
                    line.startsWith("file:.git/config") || line.startsWith("command line:"), line));
            TestRepo.GitRun unknown = repo.git("rev-parse", "--verify", "no-such-branch");
            assertEquals(128, unknown.exitCode(), unknown.output());
        }
    }

    @Test
    void aBareCloneHoldsTheSameCommits() {
        try (TestRepo repo = TestRepo.init(temp.resolve("repo"))) {
            repo.write("f.yaml", "f\n").commit("f");
            try (TestRepo bare = repo.bareClone(temp.resolve("bare.git"))) {
                assertTrue(bare.repository().isBare());
                assertEquals(repo.tip("main"), bare.tip("main"));
                assertEquals("f\n", bare.read("main", "f.yaml"));
                assertEquals(repo.head(), bare.git("rev-parse", "main").ok().strip());
            }
        }
    }
}
