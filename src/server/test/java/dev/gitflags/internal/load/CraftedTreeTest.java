package dev.gitflags.internal.load;

import dev.gitflags.internal.LoadResult;
import dev.gitflags.internal.model.Problem;
import dev.gitflags.testing.Cli;
import dev.gitflags.testing.TestRepo;
import org.eclipse.jgit.lib.CommitBuilder;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.FileMode;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectInserter;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.lib.RefUpdate;
import org.eclipse.jgit.lib.TreeFormatter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Trees no {@code git add} makes, written with JGit's plumbing as an attacker would: an entry whose name holds
 * a '/' (or is '..' or '.git') must be refused, located, never read in place of the real file.
 */
class CraftedTreeTest {

    @TempDir
    Path dir;

    private static final String SETTINGS = "default_environment: production\n";
    private static final String FLAGS = "flags:\n  dark:\n    type: boolean\n    default_value: false\n";
    private static final String PRODUCTION = "name: Production\n";
    private static final String EVIL = "name: Evil\noverrides:\n  dark:\n    default_value: true\n";

    /** A commit on main whose root is {@code gitflags.yaml}, {@code flags/}, {@code environments/} and one more entry. */
    private static String commitWithExtraRootEntry(TestRepo repo, String name, FileMode mode, ObjectId id)
            throws Exception {
        try (ObjectInserter inserter = repo.repository().newObjectInserter()) {
            TreeFormatter environments = new TreeFormatter();
            environments.append("production.yaml", FileMode.REGULAR_FILE, blob(inserter, PRODUCTION));
            TreeFormatter flags = new TreeFormatter();
            flags.append("base.yaml", FileMode.REGULAR_FILE, blob(inserter, FLAGS));
            // Git orders entries by name, a folder's name as if it ended in '/'.
            java.util.TreeMap<String, Runnable> entries = new java.util.TreeMap<>();
            TreeFormatter root = new TreeFormatter();
            ObjectId environmentsId = inserter.insert(environments);
            ObjectId flagsId = inserter.insert(flags);
            ObjectId settingsId = blob(inserter, SETTINGS);
            entries.put("environments/", () -> root.append("environments", FileMode.TREE, environmentsId));
            entries.put("flags/", () -> root.append("flags", FileMode.TREE, flagsId));
            entries.put("gitflags.yaml", () -> root.append("gitflags.yaml", FileMode.REGULAR_FILE, settingsId));
            entries.put(mode == FileMode.TREE ? name + "/" : name, () -> root.append(name, mode, id));
            entries.values().forEach(Runnable::run);
            CommitBuilder commit = new CommitBuilder();
            commit.setTreeId(inserter.insert(root));
            PersonIdent who = new PersonIdent(TestRepo.NAME, TestRepo.EMAIL);
            commit.setAuthor(who);
            commit.setCommitter(who);
            commit.setMessage("crafted");
            ObjectId commitId = inserter.insert(commit);
            inserter.flush();
            RefUpdate update = repo.repository().updateRef(Constants.R_HEADS + "main");
            update.setNewObjectId(commitId);
            update.forceUpdate();
            return commitId.name();
        }
    }

    private static ObjectId blob(ObjectInserter inserter, String text) throws Exception {
        return inserter.insert(Constants.OBJ_BLOB, text.getBytes(StandardCharsets.UTF_8));
    }

    private static List<Problem> load(TestRepo repo, String commit) throws Exception {
        try (GitTreeSource source = GitTreeSource.of(repo.repository(), ObjectId.fromString(commit), "")) {
            LoadResult result = new Loader().load(source);
            return result.problems();
        }
    }

    @Test
    void aRootEntryNamedLikeAnEnvironmentFileDoesNotReplaceIt() throws Exception {
        try (TestRepo repo = TestRepo.init(dir)) {
            String commit;
            try (ObjectInserter inserter = repo.repository().newObjectInserter()) {
                commit = commitWithExtraRootEntry(repo, "environments/production.yaml", FileMode.REGULAR_FILE,
                        blob(inserter, EVIL));
            }
            List<Problem> problems = load(repo, commit);

            assertEquals(1, problems.size(), problems::toString);
            Problem refused = problems.get(0);
            assertEquals("E_IO environments/production.yaml:1:1", refused.code() + " " + refused.origin());
            assertTrue(refused.message().startsWith("the commit's tree has an entry 'environments/production.yaml' "
                    + "that no checkout can hold ("), refused::message);
            assertTrue(refused.hint().contains("git fsck --strict"), refused::hint);

            Cli cli = Cli.run("eval", "--repo", dir.toString(), "--ref", "main", "--env", "production", "dark");
            assertEquals(2, cli.exitCode(), cli::transcript);
            assertTrue(cli.err().contains("[E_IO]") && !cli.out().contains("true"), cli::transcript);
        }
    }

    @Test
    void dotDotAndDotGitEntriesAreRefusedAndNeverEntered() throws Exception {
        for (String name : List.of("..", ".git", ".GIT")) {
            try (TestRepo repo = TestRepo.init(dir.resolve(name.equals("..") ? "dots" : name.substring(1)))) {
                String commit;
                try (ObjectInserter inserter = repo.repository().newObjectInserter()) {
                    TreeFormatter inside = new TreeFormatter();
                    inside.append("production.yaml", FileMode.REGULAR_FILE, blob(inserter, EVIL));
                    TreeFormatter folder = new TreeFormatter();
                    folder.append("environments", FileMode.TREE, inserter.insert(inside));
                    commit = commitWithExtraRootEntry(repo, name, FileMode.TREE, inserter.insert(folder));
                }
                List<Problem> problems = load(repo, commit);

                assertEquals(List.of("E_IO " + name + ":1:1"),
                        problems.stream().map(p -> p.code() + " " + p.origin()).toList(), problems::toString);
            }
        }
    }
}
