package dev.gitflags.internal.promote;

import org.eclipse.jgit.lib.Repository;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;

/**
 * One gitflags promoter at a time per repository, while it updates the working trees of a checked-out branch (or
 * finishes an update a killed one left): an operating-system lock on {@code <git-common-dir>/gitflags/promote.lock},
 * which the kernel releases when the holder dies, even by {@code kill -9}. Threads of one JVM also queue on an
 * in-JVM lock first, since the OS lock belongs to the whole process. Plain git does not take this lock; against git,
 * the index locks that {@link WorktreeUpdate} takes do the work.
 */
final class PromotionLock implements AutoCloseable {

    /** The folder gitflags keeps its own files in, inside the repository's common git directory. */
    static final String FOLDER = "gitflags";

    private static final Map<Path, ReentrantLock> IN_THIS_JVM = new ConcurrentHashMap<>();

    private final ReentrantLock jvm;
    private final FileChannel channel;
    private final FileLock lock;

    private PromotionLock(ReentrantLock jvm, FileChannel channel, FileLock lock) {
        this.jvm = jvm;
        this.channel = channel;
        this.lock = lock;
    }

    /** gitflags' own folder of {@code repository}: {@code <git-common-dir>/gitflags}. */
    static Path folder(Repository repository) {
        return folder(repository.getCommonDirectory());
    }

    static Path folder(java.io.File commonDirectory) {
        return commonDirectory.toPath().resolve(FOLDER);
    }

    /** Waits for and takes the lock of {@code repository}. */
    static PromotionLock acquire(Repository repository) throws IOException {
        Path file = Files.createDirectories(folder(repository)).resolve("promote.lock").toAbsolutePath().normalize();
        ReentrantLock jvm = IN_THIS_JVM.computeIfAbsent(file, path -> new ReentrantLock());
        jvm.lock();
        FileChannel channel = null;
        try {
            channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            return new PromotionLock(jvm, channel, channel.lock());
        } catch (IOException | RuntimeException e) {
            if (channel != null) {
                channel.close();
            }
            jvm.unlock();
            throw e;
        }
    }

    @Override
    public void close() throws IOException {
        try {
            lock.release();
            channel.close();
        } finally {
            jvm.unlock();
        }
    }
}
