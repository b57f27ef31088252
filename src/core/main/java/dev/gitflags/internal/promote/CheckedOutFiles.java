package dev.gitflags.internal.promote;

import org.eclipse.jgit.dircache.DirCache;
import org.eclipse.jgit.dircache.DirCacheEntry;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.FileMode;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectInserter;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Objects;

/**
 * The working trees a promotion must keep in step with the branch ({@code git worktree add} ones included), and
 * whether their touched files can be updated safely: each must match the branch tip in the index and on disk,
 * and be a regular file in no symlinked folder — otherwise writing it would lose someone's work or write through
 * a link into a file outside the tree. {@link WorktreeUpdate} does the updating.
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

    /**
     * Why the {@code paths} (repo-relative) of {@code worktree} cannot be updated from {@code head}: a symbolic
     * link on the way, or an index entry or working file that differs from {@code head}'s; null when they can.
     * {@code verb} names the command in the refusal ({@code promote}, {@code retire}).
     */
    static Refusal check(Repository worktree, RevCommit head, Collection<String> paths, String verb)
            throws IOException {
        Path root = worktree.getWorkTree().toPath();
        for (String path : paths) {
            String link = symlinkOnTheWay(root, path);
            if (link != null) {
                return Refusal.usage(path + " in the working tree " + worktree.getWorkTree() + (link.equals(path)
                                ? " is a symbolic link" : " is in a folder that is a symbolic link (" + link + ")")
                                + "; " + verb + " never writes through one",
                        "make it a regular file in the working tree, or " + verb + " onto a new branch with --branch");
            }
        }
        List<String> dirty = new ArrayList<>();
        DirCache index = worktree.readDirCache();
        try (ObjectInserter.Formatter hasher = new ObjectInserter.Formatter()) {
            for (String path : paths) {
                ObjectId committed = WorktreeUpdate.blobAt(worktree, head, path);
                DirCacheEntry entry = index.getEntry(path);
                boolean regular = entry == null || entry.getStage() == DirCacheEntry.STAGE_0
                        && (FileMode.REGULAR_FILE.equals(entry.getFileMode())
                        || FileMode.EXECUTABLE_FILE.equals(entry.getFileMode()));
                ObjectId staged = entry == null ? null : entry.getObjectId();
                Path file = root.resolve(path);
                ObjectId working = Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)
                        ? hasher.idFor(Constants.OBJ_BLOB, Files.readAllBytes(file)) : null;
                if (!regular || !Objects.equals(committed, staged) || !Objects.equals(committed, working)) {
                    dirty.add(path);
                }
            }
        }
        if (dirty.isEmpty()) {
            return null;
        }
        return Refusal.usage("uncommitted changes in " + String.join(", ", dirty) + " in the working tree "
                + worktree.getWorkTree(), "commit or stash them, or " + verb + " onto a new branch with --branch");
    }

    /** The first of {@code path}'s folders, or {@code path} itself, that is a symbolic link; null when none is. */
    private static String symlinkOnTheWay(Path root, String path) {
        Path current = root;
        String[] names = path.split("/");
        for (int i = 0; i < names.length; i++) {
            current = current.resolve(names[i]);
            if (Files.isSymbolicLink(current)) {
                return String.join("/", Arrays.copyOfRange(names, 0, i + 1));
            }
        }
        return null;
    }
}
