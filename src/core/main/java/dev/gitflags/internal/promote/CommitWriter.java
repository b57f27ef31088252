package dev.gitflags.internal.promote;

import org.eclipse.jgit.dircache.DirCache;
import org.eclipse.jgit.dircache.DirCacheBuilder;
import org.eclipse.jgit.dircache.DirCacheEditor;
import org.eclipse.jgit.dircache.DirCacheEntry;
import org.eclipse.jgit.lib.CommitBuilder;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.FileMode;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectInserter;
import org.eclipse.jgit.lib.ObjectReader;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.lib.RefUpdate;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/**
 * Writes commits with JGit plumbing only — no working tree, so bare repositories work: blobs and trees through an
 * {@link ObjectInserter}, the tree rebuilt along the edited paths with an in-core {@link DirCache}, a
 * {@link CommitBuilder}, then a compare-and-swap {@link RefUpdate} of the branch.
 */
public final class CommitWriter {

    /** How a compare-and-swap of a branch ended. */
    public enum SwapResult {
        /** The branch now points at the new commit. */
        UPDATED,
        /** The branch was not where we expected (someone else committed, or holds the lock): re-plan and retry. */
        MOVED
    }

    /** A commit in the object database, not yet on any branch, and the blob ids of the files it wrote. */
    public record WrittenCommit(ObjectId id, Map<String, ObjectId> blobs) {
    }

    private CommitWriter() {
    }

    /**
     * Writes a commit whose tree is {@code parent}'s with {@code files} (repo-relative path → content) replaced or
     * added — or removed, for a content of null — and whose only parent is {@code parent}. Nothing is changed on
     * any branch.
     */
    public static WrittenCommit write(Repository repository, RevCommit parent, Map<String, byte[]> files,
                                      PersonIdent author, PersonIdent committer, String message) throws IOException {
        try (ObjectInserter inserter = repository.newObjectInserter();
             ObjectReader reader = repository.newObjectReader()) {
            DirCache tree = DirCache.newInCore();
            DirCacheBuilder builder = tree.builder();
            builder.addTree(new byte[0], DirCacheEntry.STAGE_0, reader, parent.getTree());
            builder.finish();
            Map<String, ObjectId> blobs = new HashMap<>();
            DirCacheEditor editor = tree.editor();
            for (Map.Entry<String, byte[]> file : files.entrySet()) {
                if (file.getValue() == null) {
                    editor.add(new DirCacheEditor.DeletePath(file.getKey()));
                    continue;
                }
                ObjectId blob = inserter.insert(Constants.OBJ_BLOB, file.getValue());
                blobs.put(file.getKey(), blob);
                editor.add(new DirCacheEditor.PathEdit(file.getKey()) {
                    @Override
                    public void apply(DirCacheEntry entry) {
                        // keep an existing file's mode (e.g. executable); a new file is a regular file.
                        if (entry.getRawMode() == 0) {
                            entry.setFileMode(FileMode.REGULAR_FILE);
                        }
                        entry.setObjectId(blob);
                    }
                });
            }
            editor.finish();
            CommitBuilder commit = new CommitBuilder();
            commit.setTreeId(tree.writeTree(inserter));
            commit.setParentId(parent);
            commit.setAuthor(author);
            commit.setCommitter(committer);
            commit.setEncoding(StandardCharsets.UTF_8);
            commit.setMessage(message);
            ObjectId id = inserter.insert(commit);
            inserter.flush();
            return new WrittenCommit(id, Map.copyOf(blobs));
        }
    }

    /**
     * Moves {@code refName} to {@code newId} only if it still points at {@code expectedOld} ({@code null}: only if
     * it does not exist yet). Never forces: someone else's commit is never overwritten.
     */
    public static SwapResult compareAndSwap(Repository repository, String refName, ObjectId expectedOld,
                                            ObjectId newId, String reflogMessage) throws IOException {
        RefUpdate update = repository.updateRef(refName);
        update.setExpectedOldObjectId(expectedOld == null ? ObjectId.zeroId() : expectedOld);
        update.setNewObjectId(newId);
        update.setRefLogMessage(reflogMessage, false);
        RefUpdate.Result result = update.update();
        return switch (result) {
            case NEW, FAST_FORWARD, FORCED -> SwapResult.UPDATED;
            case LOCK_FAILURE, REJECTED, NO_CHANGE -> SwapResult.MOVED;
            default -> throw new IOException("cannot update " + refName + ": " + result);
        };
    }
}
