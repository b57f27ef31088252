package dev.gitflags.internal.promote;

import org.eclipse.jgit.dircache.DirCache;
import org.eclipse.jgit.dircache.DirCacheBuilder;
import org.eclipse.jgit.dircache.DirCacheEditor;
import org.eclipse.jgit.dircache.DirCacheEntry;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.FileMode;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectInserter;
import org.eclipse.jgit.lib.Ref;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.treewalk.TreeWalk;

import java.io.File;
import java.io.IOException;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * Brings every working tree on the promoted branch along with the promotion commit, so that a kill at any instant
 * leaves nothing a plain {@code git commit} could silently undo. The branch, an index and a working tree cannot
 * change in one atomic step; instead, under the {@link PromotionLock}:
 * <ol>
 *   <li>a journal ({@code <git-common-dir>/gitflags/journal}) records the branch, its old and new commit, the
 *       working trees and each touched file's old and new blob ({@link PausePoint#JOURNALED});</li>
 *   <li>each working tree's {@code index.lock} is taken as git's own commands take it — here made as a hard link
 *       to the journal, so a later gitflags run can prove the lock is its own — and, under it, the touched files
 *       are checked to match the branch tip in the index and on disk, and to be no symbolic link
 *       ({@link PausePoint#LOCKED});</li>
 *   <li>the caller moves the branch by compare-and-swap ({@link PausePoint#SWAPPED});</li>
 *   <li>each touched file is written to a temporary file and renamed over the old one, never through a link
 *       ({@link PausePoint#FILES_WRITTEN});</li>
 *   <li>each index is written aside with the new blobs and renamed over {@code index}
 *       ({@link PausePoint#INDEX_WRITTEN});</li>
 *   <li>the index locks are released ({@link PausePoint#UNLOCKED}), then the journal is removed.</li>
 * </ol>
 * A kill before the swap leaves the branch and every tree and index as they were, and at most a lock of ours; a
 * kill after it leaves {@code index.lock} held, so git refuses to commit, until the tree and index match — or
 * everything done. {@link #finishInterrupted} completes or rolls back what a journal describes; every gitflags
 * command but {@code serve} runs it first.
 */
final class WorktreeUpdate {

    private static final String JOURNAL = "journal";
    private static final String HEADER = "gitflags worktree update 1";
    private static final ObjectId NONE = ObjectId.zeroId();
    /** How long to wait for a git command (an editor's {@code git status}, say) to release an index it locked. */
    private static final long INDEX_LOCK_PATIENCE_MILLIS = 3_000;

    /**
     * One touched file: its repo-relative path, its blob at the old tip (null when absent) and the new blob (null
     * when the commit removes the file).
     */
    record FileChange(String path, ObjectId oldBlob, ObjectId newBlob) {
    }

    /**
     * What the journal records. {@code id} makes each journal's bytes, and so its index locks, unique; {@code kind}
     * names the command's work for the one that finishes it ({@code promotion}, {@code retirement}).
     */
    record Journal(String id, String kind, String ref, ObjectId oldCommit, ObjectId newCommit, List<File> worktrees,
                   List<FileChange> files) {

        String format() {
            StringBuilder text = new StringBuilder(HEADER).append('\n')
                    .append("id ").append(id).append('\n')
                    .append("kind ").append(encode(kind)).append('\n')
                    .append("ref ").append(encode(ref)).append('\n')
                    .append("old ").append(oldCommit.name()).append('\n')
                    .append("new ").append(newCommit.name()).append('\n');
            worktrees.forEach(gitDir -> text.append("worktree ").append(encode(gitDir.getAbsolutePath())).append('\n'));
            files.forEach(file -> text.append("file ").append(encode(file.path())).append(' ')
                    .append(Objects.requireNonNullElse(file.oldBlob(), NONE).name()).append(' ')
                    .append(Objects.requireNonNullElse(file.newBlob(), NONE).name()).append('\n'));
            return text.toString();
        }

        static Journal parse(String text, Path where) throws IOException {
            List<String> lines = text.lines().toList();
            if (lines.isEmpty() || !lines.get(0).equals(HEADER)) {
                throw new IOException(where + " is not a gitflags journal");
            }
            Map<String, String> single = new LinkedHashMap<>();
            List<File> worktrees = new ArrayList<>();
            List<FileChange> files = new ArrayList<>();
            try {
                for (String line : lines.subList(1, lines.size())) {
                    String[] words = line.split(" ");
                    switch (words[0]) {
                        case "worktree" -> worktrees.add(new File(decode(words[1])));
                        case "file" -> {
                            ObjectId old = ObjectId.fromString(words[2]);
                            ObjectId next = ObjectId.fromString(words[3]);
                            files.add(new FileChange(decode(words[1]), old.equals(NONE) ? null : old,
                                    next.equals(NONE) ? null : next));
                        }
                        default -> single.put(words[0], words[1]);
                    }
                }
                // a journal without a kind was written before retire existed: a promotion's
                return new Journal(single.get("id"), decode(single.getOrDefault("kind", "promotion")),
                        decode(single.get("ref")),
                        ObjectId.fromString(single.get("old")), ObjectId.fromString(single.get("new")),
                        worktrees, files);
            } catch (RuntimeException e) {
                throw new IOException(where + " is not a readable gitflags journal: " + e.getMessage(), e);
            }
        }

        private static String encode(String text) {
            return URLEncoder.encode(text, StandardCharsets.UTF_8);
        }

        private static String decode(String text) {
            return URLDecoder.decode(text, StandardCharsets.UTF_8);
        }
    }

    /** An update begun ({@link #update}) or refused before anything on the branch changed ({@link #refusal}). */
    record Begun(WorktreeUpdate update, Refusal refusal) {
    }

    private final Repository repository;
    private final Journal journal;
    private final Map<String, byte[]> contents;
    private final List<Path> locks = new ArrayList<>();

    private WorktreeUpdate(Repository repository, Journal journal, Map<String, byte[]> contents) {
        this.repository = repository;
        this.journal = journal;
        this.contents = contents;
    }

    /** True when a journal says an update was begun and not finished (cheap: one file's existence). */
    static boolean interrupted(Repository repository) {
        return interrupted(repository.getCommonDirectory());
    }

    /** {@link #interrupted(Repository)} by the repository's common git directory. */
    static boolean interrupted(File commonDirectory) {
        return Files.exists(PromotionLock.folder(commonDirectory).resolve(JOURNAL));
    }

    /**
     * Steps 1 and 2: journals the update of {@code worktrees} (git directories) from {@code tip} to {@code commit},
     * which writes {@code files} (repo-relative path → content, null for a file it removes), and locks and checks
     * their indexes. Must be called under the {@link PromotionLock}. A refusal, in which {@code words} name the
     * command, leaves nothing behind.
     */
    static Begun begin(Repository repository, String ref, RevCommit tip, CommitWriter.WrittenCommit commit,
                       Map<String, byte[]> files, List<File> worktrees, CommitRounds.Words words) throws IOException {
        List<FileChange> changes = new ArrayList<>();
        for (String path : files.keySet()) {
            changes.add(new FileChange(path, blobAt(repository, tip, path), commit.blobs().get(path)));
        }
        Journal journal = new Journal(UUID.randomUUID().toString(), words.noun(), ref, tip.getId().copy(),
                commit.id().copy(), List.copyOf(worktrees), changes);
        WorktreeUpdate update = new WorktreeUpdate(repository, journal, files);
        update.writeJournal();
        PausePoint.JOURNALED.reach();
        Refusal refusal;
        try {
            refusal = update.lockAndCheck(tip, words.verb());
        } catch (IOException | RuntimeException e) {
            update.abandon();
            throw e;
        }
        if (refusal != null) {
            update.abandon();
            return new Begun(null, refusal);
        }
        PausePoint.LOCKED.reach();
        return new Begun(update, null);
    }

    /** Steps 4 to 6, once the branch points at the new commit. */
    void finish() throws IOException {
        PausePoint.SWAPPED.reach();
        Map<File, Map<String, FileStat>> written = new LinkedHashMap<>();
        for (File gitDir : journal.worktrees()) {
            try (Repository worktree = CheckedOutFiles.open(gitDir)) {
                written.put(gitDir, writeFiles(worktree, journal.files(), contents));
            }
        }
        PausePoint.FILES_WRITTEN.reach();
        for (File gitDir : journal.worktrees()) {
            try (Repository worktree = CheckedOutFiles.open(gitDir)) {
                installIndex(worktree, journal.files(), written.get(gitDir));
            }
        }
        PausePoint.INDEX_WRITTEN.reach();
        releaseLocks();
        PausePoint.UNLOCKED.reach();
        Files.deleteIfExists(journalFile(repository));
    }

    /** Gives up before the branch moved: releases the index locks and removes the journal; no tree was touched. */
    void abandon() throws IOException {
        releaseLocks();
        Files.deleteIfExists(journalFile(repository));
    }

    /**
     * Finishes the update a killed promoter left, if a journal says there is one; must be called under the
     * {@link PromotionLock}. If the branch has the new commit, the journaled trees and indexes are brought to
     * it (a file someone changed since is left alone, showing as changed); otherwise the branch never moved and
     * only our locks are released. Returns what was done, as sentences; empty when there was nothing to do.
     *
     * @throws IOException when it cannot be finished now, e.g. another process holds an index lock; the journal stays
     */
    static List<String> finishInterrupted(Repository repository) throws IOException {
        removeLeftovers(repository);
        Path file = journalFile(repository);
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException none) {
            return List.of();
        }
        Journal journal = Journal.parse(new String(bytes, StandardCharsets.UTF_8), file);
        WorktreeUpdate update = new WorktreeUpdate(repository, journal, Map.of());
        Ref ref = repository.exactRef(journal.ref());
        String branch = Repository.shortenRefName(journal.ref());
        String commit = journal.newCommit().abbreviate(12).name();
        List<String> done = new ArrayList<>();
        if (ref == null || ref.getObjectId() == null || !contains(repository, ref.getObjectId(), journal.newCommit())) {
            update.releaseOwnLocks();
            Files.delete(file);
            done.add("rolled back an interrupted " + journal.kind() + ": " + branch + " never got " + commit
                    + "; its working trees were not touched");
            return done;
        }
        RevCommit tip;
        try (RevWalk walk = new RevWalk(repository)) {
            tip = walk.parseCommit(ref.getObjectId());
        }
        for (File gitDir : journal.worktrees()) {
            if (!new File(gitDir, Constants.HEAD).isFile()) {
                continue; // a linked worktree removed since: nothing to bring along
            }
            try (Repository worktree = CheckedOutFiles.open(gitDir)) {
                if (worktree.isBare() || !journal.ref().equals(worktree.getFullBranch())) {
                    update.releaseOwnLock(worktree);
                    continue;
                }
                update.takeOverLock(worktree);
                List<FileChange> toTip = new ArrayList<>();
                Map<String, byte[]> contents = new LinkedHashMap<>();
                for (FileChange change : journal.files()) {
                    ObjectId blob = blobAt(repository, tip, change.path());
                    if (blob == null && change.newBlob() == null) {
                        toTip.add(change); // the commit removed it, and the tip has not brought it back
                    } else if (blob != null) {
                        toTip.add(new FileChange(change.path(), change.oldBlob(), blob));
                        contents.put(change.path(), repository.open(blob, Constants.OBJ_BLOB).getBytes());
                    }
                }
                installIndex(worktree, toTip, writeFiles(worktree, toTip, contents));
                done.add("finished an interrupted " + journal.kind() + " (" + commit + " on " + branch + "): "
                        + String.join(", ", toTip.stream().map(FileChange::path).toList()) + " and the index of "
                        + worktree.getWorkTree() + " now match it");
            }
        }
        update.releaseLocks();
        Files.delete(file);
        return done;
    }

    /** True when {@code commit} is {@code tip} or one of its ancestors. */
    private static boolean contains(Repository repository, ObjectId tip, ObjectId commit) throws IOException {
        if (tip.equals(commit)) {
            return true;
        }
        try (RevWalk walk = new RevWalk(repository)) {
            return repository.getObjectDatabase().has(commit)
                    && walk.isMergedInto(walk.parseCommit(commit), walk.parseCommit(tip));
        }
    }

    private static Path journalFile(Repository repository) {
        return PromotionLock.folder(repository).resolve(JOURNAL);
    }

    /** Written aside, flushed to disk, then renamed into place: a journal is whole or absent. */
    private void writeJournal() throws IOException {
        Path file = journalFile(repository);
        Path temporary = file.resolveSibling(JOURNAL + ".new");
        try (FileChannel channel = FileChannel.open(temporary, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            channel.write(java.nio.ByteBuffer.wrap(journal.format().getBytes(StandardCharsets.UTF_8)));
            channel.force(true);
        }
        Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    /** Takes every index lock (waiting briefly for a git command that holds one), then checks the files under them. */
    private Refusal lockAndCheck(RevCommit tip, String verb) throws IOException {
        for (File gitDir : journal.worktrees()) {
            try (Repository worktree = CheckedOutFiles.open(gitDir)) {
                if (!lockIndex(worktree)) {
                    return Refusal.usage("the index of the working tree " + worktree.getWorkTree() + " is locked ("
                                    + indexLock(worktree) + " exists): another git command is running there",
                            "try again when it is done; if none is running, a killed one left the lock: remove it");
                }
            }
        }
        for (File gitDir : journal.worktrees()) {
            try (Repository worktree = CheckedOutFiles.open(gitDir)) {
                Refusal unsafe = CheckedOutFiles.check(worktree, tip, contents.keySet(), verb);
                if (unsafe != null) {
                    return unsafe;
                }
            }
        }
        return null;
    }

    private boolean lockIndex(Repository worktree) throws IOException {
        Path lock = indexLock(worktree);
        long deadline = System.currentTimeMillis() + INDEX_LOCK_PATIENCE_MILLIS;
        while (true) {
            if (createLock(lock)) {
                locks.add(lock);
                return true;
            }
            if (System.currentTimeMillis() > deadline) {
                return false;
            }
            try {
                Thread.sleep(25);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
    }

    /** Creates {@code lock} holding the journal's bytes, atomically; false when it exists. */
    private boolean createLock(Path lock) throws IOException {
        try {
            Files.createLink(lock, journalFile(repository));
            return true;
        } catch (FileAlreadyExistsException held) {
            return false;
        } catch (UnsupportedOperationException | FileSystemException noHardLinks) {
            // a file system without hard links: the same bytes, written into a new file
            try {
                Files.write(lock, journal.format().getBytes(StandardCharsets.UTF_8), StandardOpenOption.CREATE_NEW,
                        StandardOpenOption.WRITE);
                return true;
            } catch (FileAlreadyExistsException held) {
                return false;
            }
        }
    }

    /** For recovery: our lock stays ours; an absent one is taken; one held by another process stops us. */
    private void takeOverLock(Repository worktree) throws IOException {
        Path lock = indexLock(worktree);
        if (owns(lock) || createLock(lock)) {
            locks.add(lock);
            return;
        }
        throw new IOException("cannot finish the interrupted " + journal.kind() + " of "
                + Repository.shortenRefName(journal.ref()) + " yet: " + lock + " is held by another git command;"
                + " run gitflags again when it is done");
    }

    private void releaseOwnLock(Repository worktree) throws IOException {
        Path lock = indexLock(worktree);
        if (owns(lock)) {
            Files.delete(lock);
        }
    }

    private void releaseOwnLocks() throws IOException {
        for (File gitDir : journal.worktrees()) {
            if (new File(gitDir, Constants.HEAD).isFile()) {
                try (Repository worktree = CheckedOutFiles.open(gitDir)) {
                    releaseOwnLock(worktree);
                }
            }
        }
    }

    private void releaseLocks() throws IOException {
        for (Path lock : locks) {
            Files.deleteIfExists(lock);
        }
        locks.clear();
    }

    /** True when {@code lock} exists and is one this journal made: the same file, or the same unique bytes. */
    private boolean owns(Path lock) throws IOException {
        if (!Files.exists(lock, LinkOption.NOFOLLOW_LINKS)) {
            return false;
        }
        Path file = journalFile(repository);
        return Files.isSameFile(lock, file) || Arrays.equals(Files.readAllBytes(lock), Files.readAllBytes(file));
    }

    private static Path indexLock(Repository worktree) {
        return worktree.getIndexFile().toPath().resolveSibling("index.lock");
    }

    /** What the index records of a file we wrote, so git sees it clean without hashing it again. */
    private record FileStat(long length, java.time.Instant modified) {
    }

    /**
     * Writes each file whose working copy still holds the old content (or is missing, or a half-written temporary
     * of ours) by renaming a temporary file over it — a symbolic link in its place is replaced, never followed —
     * and deletes each removed one that still holds the old content. A file that holds neither the old nor the new
     * content was changed by someone since: it is left alone.
     */
    private static Map<String, FileStat> writeFiles(Repository worktree, List<FileChange> changes,
                                                    Map<String, byte[]> contents) throws IOException {
        Map<String, FileStat> written = new LinkedHashMap<>();
        Path root = worktree.getWorkTree().toPath();
        try (ObjectInserter.Formatter hasher = new ObjectInserter.Formatter()) {
            for (FileChange change : changes) {
                Path path = root.resolve(change.path());
                Path temporary = path.resolveSibling("." + path.getFileName() + ".gitflags-tmp");
                Files.deleteIfExists(temporary); // a killed run's
                ObjectId now = Files.isRegularFile(path, LinkOption.NOFOLLOW_LINKS)
                        ? hasher.idFor(Constants.OBJ_BLOB, Files.readAllBytes(path)) : null;
                if (change.newBlob() == null) {
                    if (now != null && now.equals(change.oldBlob())) {
                        Files.delete(path);
                    }
                    continue;
                }
                if (!Objects.equals(now, change.newBlob())) {
                    if (now != null && !now.equals(change.oldBlob())) {
                        continue;
                    }
                    Files.createDirectories(path.getParent());
                    Files.write(temporary, contents.get(change.path()));
                    keepPermissions(path, temporary);
                    Files.move(temporary, path, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                }
                BasicFileAttributes attributes = Files.readAttributes(path, BasicFileAttributes.class,
                        LinkOption.NOFOLLOW_LINKS);
                written.put(change.path(), new FileStat(attributes.size(), attributes.lastModifiedTime().toInstant()));
            }
        }
        return written;
    }

    /** The new file keeps the old one's permission bits (an executable stays executable), where there are any. */
    private static void keepPermissions(Path old, Path replacement) throws IOException {
        try {
            if (Files.isRegularFile(old, LinkOption.NOFOLLOW_LINKS)) {
                Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(old, LinkOption.NOFOLLOW_LINKS);
                Files.setPosixFilePermissions(replacement, permissions);
            }
        } catch (UnsupportedOperationException notPosix) {
            // nothing to keep
        }
    }

    /**
     * Writes {@code worktree}'s index with each changed path pointing at its new blob — the stat of the file we
     * wrote where we wrote it — or gone, when removed, aside under gitflags' folder, then renames it over
     * {@code index}. The index lock is ours meanwhile, so no git command writes the index between our read and
     * our rename.
     */
    private static void installIndex(Repository worktree, List<FileChange> changes, Map<String, FileStat> written)
            throws IOException {
        File indexFile = worktree.getIndexFile();
        DirCache current = DirCache.read(indexFile, worktree.getFS());
        Path folder = Files.createDirectories(PromotionLock.folder(worktree));
        Path staged = folder.resolve("index-" + UUID.randomUUID() + ".new");
        DirCache next = new DirCache(staged.toFile(), worktree.getFS());
        if (!next.lock()) {
            throw new IOException("cannot write " + staged);
        }
        try {
            DirCacheBuilder builder = next.builder();
            for (int i = 0; i < current.getEntryCount(); i++) {
                builder.add(current.getEntry(i));
            }
            builder.finish();
            DirCacheEditor editor = next.editor();
            for (FileChange change : changes) {
                if (change.newBlob() == null) {
                    editor.add(new DirCacheEditor.DeletePath(change.path()));
                    continue;
                }
                FileStat stat = written.get(change.path());
                editor.add(new DirCacheEditor.PathEdit(change.path()) {
                    @Override
                    public void apply(DirCacheEntry entry) {
                        if (entry.getRawMode() == 0) {
                            entry.setFileMode(FileMode.REGULAR_FILE);
                        }
                        entry.setObjectId(change.newBlob());
                        if (stat != null) {
                            entry.setLength(stat.length());
                            entry.setLastModified(stat.modified());
                        }
                    }
                });
            }
            editor.finish();
            next.write();
            if (!next.commit()) {
                throw new IOException("cannot write " + staged);
            }
        } finally {
            next.unlock();
        }
        Files.move(staged, indexFile.toPath(), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    static ObjectId blobAt(Repository repository, RevCommit commit, String path) throws IOException {
        try (TreeWalk walk = TreeWalk.forPath(repository, path, commit.getTree())) {
            return walk == null ? null : walk.getObjectId(0);
        }
    }

    /** Leftovers of a killed update in gitflags' folder: a journal or an index being written aside. */
    private static void removeLeftovers(Repository repository) throws IOException {
        Path folder = PromotionLock.folder(repository);
        if (!Files.isDirectory(folder)) {
            return;
        }
        try (Stream<Path> files = Files.list(folder)) {
            for (Path file : files.toList()) {
                String name = file.getFileName().toString();
                if (name.equals(JOURNAL + ".new") || name.startsWith("index-")) {
                    Files.deleteIfExists(file);
                }
            }
        }
    }
}
