package dev.gitflags.promote;

import org.eclipse.jgit.dircache.DirCache;
import org.eclipse.jgit.dircache.DirCacheEditor;
import org.eclipse.jgit.dircache.DirCacheEntry;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.FileMode;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectInserter;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;
import org.eclipse.jgit.treewalk.TreeWalk;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * When the promoted branch is checked out in a working tree (the repository's own, or one added with
 * {@code git worktree add}), that tree and its index must follow the commit for the files the promotion touched,
 * and must not hold uncommitted changes to them beforehand. Otherwise the tree would show the promotion undone
 * as a staged change, one {@code git commit} away from reverting it.
 */
final class CheckedOutFiles {

    private CheckedOutFiles() {
    }

    /**
     * The git directories of every working tree whose HEAD is on {@code refName}: the main one (unless the
     * repository is bare) and each linked one under {@code worktrees/} whose folder still exists.
     */
    static List<File> worktreesOn(Repository repository, String refName) throws IOException {
        List<File> gitDirs = new ArrayList<>();
        File common = repository.getCommonDirectory();
        gitDirs.add(common);
        File[] linked = new File(common, "worktrees").listFiles(File::isDirectory);
        if (linked != null) {
            Arrays.sort(linked);
            gitDirs.addAll(Arrays.asList(linked));
        }
        List<File> on = new ArrayList<>();
        for (File gitDir : gitDirs) {
            try (Repository worktree = open(gitDir)) {
                if (!worktree.isBare() && worktree.getWorkTree().isDirectory()
                        && refName.equals(worktree.getFullBranch())) {
                    on.add(gitDir);
                }
            } catch (IOException | IllegalArgumentException broken) {
                // a half-removed linked worktree (git would call it prunable) holds nothing to keep in step
            }
        }
        return on;
    }

    static Repository open(File gitDir) throws IOException {
        return new FileRepositoryBuilder().setGitDir(gitDir).setMustExist(true).build();
    }

    /** The paths (repo-relative) whose index entry or working file differs from {@code head}'s. */
    static List<String> dirty(Repository repository, RevCommit head, Collection<String> paths) throws IOException {
        List<String> dirty = new ArrayList<>();
        DirCache index = repository.readDirCache();
        try (ObjectInserter.Formatter hasher = new ObjectInserter.Formatter()) {
            for (String path : paths) {
                ObjectId committed = blobAt(repository, head, path);
                DirCacheEntry entry = index.getEntry(path);
                ObjectId staged = entry == null ? null : entry.getObjectId();
                Path file = repository.getWorkTree().toPath().resolve(path);
                ObjectId working = Files.isRegularFile(file)
                        ? hasher.idFor(Constants.OBJ_BLOB, Files.readAllBytes(file)) : null;
                if (!Objects.equals(committed, staged) || !Objects.equals(committed, working)) {
                    dirty.add(path);
                }
            }
        }
        return dirty;
    }

    /** Writes the new contents into the working tree and points their index entries at the new blobs. */
    static void update(Repository repository, Map<String, byte[]> files, Map<String, ObjectId> blobs)
            throws IOException {
        DirCache index = repository.lockDirCache();
        try {
            DirCacheEditor editor = index.editor();
            for (Map.Entry<String, byte[]> file : files.entrySet()) {
                Path path = repository.getWorkTree().toPath().resolve(file.getKey());
                Files.createDirectories(path.getParent());
                Files.write(path, file.getValue());
                long modified = Files.getLastModifiedTime(path).toMillis();
                editor.add(new DirCacheEditor.PathEdit(file.getKey()) {
                    @Override
                    public void apply(DirCacheEntry entry) {
                        if (entry.getRawMode() == 0) {
                            entry.setFileMode(FileMode.REGULAR_FILE);
                        }
                        entry.setObjectId(blobs.get(file.getKey()));
                        entry.setLength(file.getValue().length);
                        entry.setLastModified(java.time.Instant.ofEpochMilli(modified));
                    }
                });
            }
            editor.commit();
        } finally {
            index.unlock();
        }
    }

    private static ObjectId blobAt(Repository repository, RevCommit commit, String path) throws IOException {
        try (TreeWalk walk = TreeWalk.forPath(repository, path, commit.getTree())) {
            return walk == null ? null : walk.getObjectId(0);
        }
    }
}
