package dev.gitflags.testing;

import dev.gitflags.internal.LoadResult;
import dev.gitflags.internal.Snapshot;
import dev.gitflags.internal.load.FlagScope;
import dev.gitflags.internal.load.GitTreeSource;
import dev.gitflags.internal.load.Loader;
import dev.gitflags.internal.load.SourceException;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.Ref;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.lib.StoredConfig;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.treewalk.TreeWalk;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A real git repository in a temp folder, for end-to-end tests: files written and committed with JGit porcelain
 * (never signed), read back by revision, and the real {@code git} binary run inside it where users would use git.
 * Every method throws unchecked exceptions, so tests and lambdas need no {@code throws} clauses for it.
 */
public final class TestRepo implements AutoCloseable {

    /** The committer (and default author) of every commit made here, by JGit and by {@link #git}. */
    public static final String NAME = "Test Committer";
    public static final String EMAIL = "committer@example.com";

    private final Git git;

    private TestRepo(Git git) {
        this.git = git;
    }

    /** A new non-bare repository in {@code dir} on branch main, with {@link #NAME} and {@link #EMAIL} configured. */
    public static TestRepo init(Path dir) {
        try {
            Git git = Git.init().setDirectory(dir.toFile()).setInitialBranch("main").call();
            StoredConfig config = git.getRepository().getConfig();
            config.setString("user", null, "name", NAME);
            config.setString("user", null, "email", EMAIL);
            config.setBoolean("commit", null, "gpgsign", false);
            config.save();
            return new TestRepo(git);
        } catch (GitAPIException | IOException e) {
            throw failure(e);
        }
    }

    /** The existing repository at {@code dir}: a work tree, a linked worktree or a bare repository. */
    public static TestRepo open(Path dir) {
        try {
            return new TestRepo(Git.open(dir.toFile()));
        } catch (IOException e) {
            throw failure(e);
        }
    }

    /** A bare clone of this repository in {@code target}, as a server or a CI checkout would hold it. */
    public TestRepo bareClone(Path target) {
        try {
            return new TestRepo(Git.cloneRepository().setURI(repository().getDirectory().toURI().toString())
                    .setDirectory(target.toFile()).setBare(true).call());
        } catch (GitAPIException e) {
            throw failure(e);
        }
    }

    /** The work tree, or the git directory of a bare repository. */
    public Path dir() {
        Repository repository = repository();
        return (repository.isBare() ? repository.getDirectory() : repository.getWorkTree()).toPath();
    }

    public Repository repository() {
        return git.getRepository();
    }

    /** Writes {@code text} as UTF-8 to {@code path} (relative to the work tree), creating folders. */
    public TestRepo write(String path, String text) {
        TestFiles.write(dir(), path, text);
        return this;
    }

    public TestRepo write(String path, byte[] bytes) {
        TestFiles.write(dir(), path, bytes);
        return this;
    }

    /** Writes every file of {@code files} (relative path → UTF-8 text). */
    public TestRepo write(Map<String, String> files) {
        TestFiles.write(dir(), files);
        return this;
    }

    /** Deletes a file of the work tree; {@link #commit} stages the deletion. */
    public TestRepo delete(String path) {
        try {
            Files.delete(dir().resolve(path));
            return this;
        } catch (IOException e) {
            throw failure(e);
        }
    }

    /** Copies every file below {@code folder} (e.g. {@code example-repo}) into the work tree. */
    public TestRepo copyFrom(Path folder) {
        TestFiles.copy(folder, dir());
        return this;
    }

    /** Stages everything in the work tree, new, changed and deleted files, and commits it. */
    public RevCommit commit(String message) {
        try {
            git.add().addFilepattern(".").call();
            git.add().addFilepattern(".").setUpdate(true).call();
            return git.commit().setMessage(message).setSign(false).call();
        } catch (GitAPIException e) {
            throw failure(e);
        }
    }

    /** {@link #commit(String)} authored and committed at {@code time}, for a history that spans days. */
    public RevCommit commit(String message, java.time.Instant time) {
        try {
            git.add().addFilepattern(".").call();
            git.add().addFilepattern(".").setUpdate(true).call();
            org.eclipse.jgit.lib.PersonIdent who = new org.eclipse.jgit.lib.PersonIdent(NAME, EMAIL, time,
                    java.time.ZoneOffset.UTC);
            return git.commit().setMessage(message).setSign(false).setAuthor(who).setCommitter(who).call();
        } catch (GitAPIException e) {
            throw failure(e);
        }
    }

    /** Stages and commits {@code path} alone, leaving every other change uncommitted in the work tree. */
    public RevCommit commitOnly(String path, String message) {
        try {
            git.add().addFilepattern(path).call();
            return git.commit().setOnly(path).setMessage(message).setSign(false).call();
        } catch (GitAPIException e) {
            throw failure(e);
        }
    }

    /** The SHA of HEAD, or null before the first commit. */
    public String head() {
        ObjectId head = resolve(Constants.HEAD);
        return head == null ? null : head.name();
    }

    /** The commit branch {@code branch} points at, or null when there is no such branch. */
    public ObjectId tip(String branch) {
        try {
            Ref ref = repository().exactRef(Constants.R_HEADS + branch);
            return ref == null ? null : ref.getObjectId();
        } catch (IOException e) {
            throw failure(e);
        }
    }

    /** The commit {@code revision} (a branch, tag, HEAD~1 or SHA) names. */
    public RevCommit commitAt(String revision) {
        try (RevWalk walk = new RevWalk(repository())) {
            return walk.parseCommit(existing(revision));
        } catch (IOException e) {
            throw failure(e);
        }
    }

    /** The UTF-8 content of {@code path} (relative to the repository's root) in {@code revision}, or null if absent. */
    public String read(String revision, String path) {
        Repository repository = repository();
        try (TreeWalk tree = TreeWalk.forPath(repository, path, commitAt(revision).getTree())) {
            return tree == null ? null
                    : new String(repository.open(tree.getObjectId(0)).getBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw failure(e);
        }
    }

    /** The snapshot of the config at the root of {@code revision}, which must be valid. */
    public Snapshot snapshot(String revision) {
        return snapshot(revision, FlagScope.ALL);
    }

    /** The snapshot of {@code revision} for the flags of {@code scope}, which must be valid for them. */
    public Snapshot snapshot(String revision, FlagScope scope) {
        try (GitTreeSource source = GitTreeSource.of(repository(), existing(revision), "")) {
            LoadResult result = new Loader().load(source, scope);
            if (!result.isValid()) {
                throw new AssertionError("invalid config at " + revision + ": " + result.problems());
            }
            return result.snapshot();
        } catch (IOException | SourceException e) {
            throw failure(e);
        }
    }

    /**
     * Runs the real {@code git} binary in {@link #dir()} as a user would, isolated from the machine's setup: no
     * system or user config (an empty HOME), {@link #NAME} and {@link #EMAIL} as author and committer, no signing,
     * C locale. Returns its exit code and its output, stdout and stderr merged.
     */
    public GitRun git(String... args) {
        List<String> command = new ArrayList<>(List.of("git", "-c", "commit.gpgsign=false", "-c", "tag.gpgsign=false"));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).directory(dir().toFile()).redirectErrorStream(true);
        Map<String, String> environment = builder.environment();
        environment.keySet().removeIf(name -> name.startsWith("GIT_"));
        environment.put("HOME", GitHome.PATH.toString());
        environment.put("XDG_CONFIG_HOME", GitHome.PATH.toString());
        environment.put("GIT_CONFIG_NOSYSTEM", "1");
        environment.put("GIT_AUTHOR_NAME", NAME);
        environment.put("GIT_AUTHOR_EMAIL", EMAIL);
        environment.put("GIT_COMMITTER_NAME", NAME);
        environment.put("GIT_COMMITTER_EMAIL", EMAIL);
        environment.put("LC_ALL", "C");
        try {
            Process process = builder.start();
            process.getOutputStream().close();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            return new GitRun(process.waitFor(), output);
        } catch (IOException e) {
            throw failure(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running " + command, e);
        }
    }

    /** What one run of the {@code git} binary gave. */
    public record GitRun(int exitCode, String output) {

        /** The output; fails the test, showing it, when git did not exit 0. */
        public String ok() {
            if (exitCode != 0) {
                throw new AssertionError("git exited " + exitCode + ":\n" + output);
            }
            return output;
        }
    }

    @Override
    public void close() {
        git.close();
    }

    private ObjectId existing(String revision) throws IOException {
        ObjectId id = repository().resolve(revision);
        if (id == null) {
            throw new IllegalArgumentException("no revision '" + revision + "' in " + dir());
        }
        return id;
    }

    private ObjectId resolve(String revision) {
        try {
            return repository().resolve(revision);
        } catch (IOException e) {
            throw failure(e);
        }
    }

    private static RuntimeException failure(Exception e) {
        return e instanceof IOException io ? new UncheckedIOException(io) : new IllegalStateException(e);
    }

    /** An empty HOME for the git binary, made once per test JVM, so no user's ~/.gitconfig applies. */
    private static final class GitHome {
        static final Path PATH = create();

        private static Path create() {
            try {
                Path home = Files.createTempDirectory("gitflags-test-home");
                home.toFile().deleteOnExit();
                return home;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
