package dev.gitflags.internal.load;

import org.eclipse.jgit.errors.MissingObjectException;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.lib.RepositoryCache;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;
import org.eclipse.jgit.util.FS;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Follows a ref (branch, tag, {@code HEAD}, {@code main~2}, a SHA) of a git repository through JGit's object
 * database: bare repositories and dirty working trees work, nothing is checked out.
 */
final class GitRefRepo implements WatchedRepo {

    private final Path dir;
    private final String ref;
    /** The config root's folder inside the followed folder's tree, '/'-separated; "" for that folder itself. */
    private final String below;
    private final Repository repository;

    private GitRefRepo(Path dir, String ref, String below, Repository repository) {
        this.dir = dir;
        this.ref = ref;
        this.below = below;
        this.repository = repository;
    }

    static GitRefRepo open(Path dir, String ref, String below) throws IOException {
        if (!Files.isDirectory(dir)) {
            throw new IOException(dir + " is not a folder");
        }
        try {
            ConfigSources.checkRef(ref);
        } catch (SourceException e) {
            throw new IOException(e.getMessage(), e);
        }
        // Like ConfigSources: GIT_DIR and friends are honoured, a bare repository is opened as it is.
        FileRepositoryBuilder builder = new FileRepositoryBuilder().readEnvironment();
        if (builder.getGitDir() == null && RepositoryCache.FileKey.isGitRepository(dir.toFile(), FS.DETECTED)) {
            builder.setGitDir(dir.toFile());
        } else {
            builder.findGitDir(dir.toFile());
        }
        if (builder.getGitDir() == null) {
            throw new IOException(dir + " is not inside a git repository (--ref needs one)");
        }
        // The ref is not resolved here but at each poll: a follower may start before the branch is pushed.
        return new GitRefRepo(dir, ref, below, builder.setMustExist(true).build());
    }

    @Override
    public String description() {
        return WatchedRepo.describe(below.isEmpty() ? dir : dir.resolve(below), ref);
    }

    @Override
    public String currentVersion() throws IOException {
        // JGit re-reads loose and packed refs when their files changed, so this follows a moving ref.
        ObjectId commit = repository.resolve(ref + "^{commit}");
        if (commit == null) {
            throw new IOException("ref '" + ref + "' does not name a commit in " + repository.getDirectory());
        }
        return commit.name();
    }

    @Override
    public List<String> history(String version, int depth) throws IOException {
        List<String> older = new ArrayList<>();
        try (RevWalk walk = new RevWalk(repository)) {
            RevCommit commit = walk.parseCommit(ObjectId.fromString(version));
            while (older.size() < depth && commit.getParentCount() > 0) {
                commit = walk.parseCommit(commit.getParent(0));
                older.add(commit.name());
            }
        } catch (MissingObjectException shallow) {
            // A shallow clone ends here: the history known is all there is to search.
        }
        return older;
    }

    @Override
    public Instant committedAt(String version) throws IOException {
        try (RevWalk walk = new RevWalk(repository)) {
            return walk.parseCommit(ObjectId.fromString(version)).getCommitterIdent().getWhenAsInstant();
        }
    }

    @Override
    public ConfigSource sourceAt(String version) throws IOException {
        try {
            // The SHA, not the ref: the files are exactly those of the version that was polled.
            return ConfigSources.open(dir, version, below);
        } catch (SourceException e) {
            throw new IOException(e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        repository.close();
    }
}
