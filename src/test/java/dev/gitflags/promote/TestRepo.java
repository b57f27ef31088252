package dev.gitflags.promote;

import dev.gitflags.LoadResult;
import dev.gitflags.Snapshot;
import dev.gitflags.load.FlagScope;
import dev.gitflags.load.GitTreeSource;
import dev.gitflags.load.Loader;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.lib.StoredConfig;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.treewalk.TreeWalk;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** A real git repository in a temp folder holding a config repo, made with JGit, for end-to-end tests. */
public final class TestRepo implements AutoCloseable {

    public static final String GITFLAGS = "default_environment: production\n";

    public static final String FLAGS = """
            flags:
              new-checkout:
                type: boolean
                enabled: false
                default_value: false
              dark-mode:
                type: string
                default_value: "off"
              search-v2:
                type: boolean
                default_value: false
                enabled: false
              theme:
                type: string
                default_value: plain
                variants:
                  blue: {value: "b", weight: 50}
                  green: {value: "g", weight: 50}
            """;

    public static final String PRODUCTION = """
            # Production: customers see this. Change with care.
            name: Production
            description: 'the real thing'   # quoted on purpose

            overrides:
              # kept dark until launch
              dark-mode:
                default_value: "off"    # explicitly

              theme:
                rollout_percentage: 100
            """;

    public static final String STAGING = """
            name: Staging
            parent: production
            overrides:
              new-checkout:
                enabled: true
                rollout_percentage: 50
              dark-mode:
                default_value: 'on'
              search-v2:
                enabled: true
                rules:
                  - name: staff
                    conditions:
                      - attribute: email
                        operator: ends_with
                        value: "@example.com"
                    serve:
                      enabled: true
                      value: true
            """;

    public static final String DEV = "name: Dev\nparent: staging\n";

    private final Path dir;
    private final Git git;

    private TestRepo(Path dir, Git git) {
        this.dir = dir;
        this.git = git;
    }

    /** An empty non-bare repository on branch main with a committer identity configured. */
    public static TestRepo init(Path dir) throws Exception {
        Git git = Git.init().setDirectory(dir.toFile()).setInitialBranch("main").call();
        StoredConfig config = git.getRepository().getConfig();
        config.setString("user", null, "name", "Test Committer");
        config.setString("user", null, "email", "committer@example.com");
        config.save();
        return new TestRepo(dir, git);
    }

    /** A repository whose first commit on main is the standard config repo (production ← staging ← dev). */
    public static TestRepo standard(Path dir) throws Exception {
        TestRepo repo = init(dir);
        repo.write("gitflags.yaml", GITFLAGS);
        repo.write("flags/core.yaml", FLAGS);
        repo.write("environments/production.yaml", PRODUCTION);
        repo.write("environments/staging.yaml", STAGING);
        repo.write("environments/dev.yaml", DEV);
        repo.commit("initial config");
        return repo;
    }

    /** A bare clone of this repository (main only), as a server would hold it. */
    public Repository bareClone(Path target) throws Exception {
        return Git.cloneRepository().setURI(dir.toUri().toString()).setDirectory(target.toFile()).setBare(true)
                .call().getRepository();
    }

    public TestRepo write(String path, String content) throws Exception {
        Path file = dir.resolve(path);
        Files.createDirectories(file.getParent());
        Files.writeString(file, content);
        return this;
    }

    public RevCommit commit(String message) throws Exception {
        git.add().addFilepattern(".").call();
        git.add().addFilepattern(".").setUpdate(true).call();
        return git.commit().setMessage(message).call();
    }

    public Repository repository() {
        return git.getRepository();
    }

    public Path dir() {
        return dir;
    }

    public ObjectId tip(String branch) throws Exception {
        return tip(repository(), branch);
    }

    public static ObjectId tip(Repository repository, String branch) throws Exception {
        var ref = repository.exactRef(Constants.R_HEADS + branch);
        return ref == null ? null : ref.getObjectId();
    }

    /** The content of {@code path} in the commit {@code revision} names. */
    public static String read(Repository repository, String revision, String path) throws Exception {
        try (RevWalk walk = new RevWalk(repository)) {
            RevCommit commit = walk.parseCommit(repository.resolve(revision));
            try (TreeWalk tree = TreeWalk.forPath(repository, path, commit.getTree())) {
                return new String(repository.open(tree.getObjectId(0)).getBytes(), StandardCharsets.UTF_8);
            }
        }
    }

    public static RevCommit commitAt(Repository repository, String revision) throws Exception {
        try (RevWalk walk = new RevWalk(repository)) {
            return walk.parseCommit(repository.resolve(revision));
        }
    }

    /** The snapshot of {@code revision}, which must be valid. */
    public static Snapshot load(Repository repository, String revision, String subfolder) throws Exception {
        return load(repository, revision, subfolder, FlagScope.ALL);
    }

    /** The snapshot of {@code revision} for the flags of {@code scope}, which must be valid for them. */
    public static Snapshot load(Repository repository, String revision, String subfolder, FlagScope scope)
            throws Exception {
        LoadResult result = new Loader().load(GitTreeSource.of(repository, repository.resolve(revision), subfolder),
                scope);
        if (!result.isValid()) {
            throw new AssertionError("invalid config at " + revision + ": " + result.problems());
        }
        return result.snapshot();
    }

    @Override
    public void close() {
        git.close();
    }
}
