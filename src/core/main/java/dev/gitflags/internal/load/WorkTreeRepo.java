package dev.gitflags.internal.load;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A working-tree folder. Its version is a fingerprint of every file's path, size, modification time and inode, so a
 * poll costs one directory walk and no reads (this works on any file system, unlike inotify on mounts).
 */
final class WorkTreeRepo implements WatchedRepo {

    private final Path dir;

    WorkTreeRepo(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            throw new IOException(dir + " is not a folder");
        }
        this.dir = dir;
    }

    @Override
    public String description() {
        return WatchedRepo.describe(dir, null);
    }

    @Override
    public String currentVersion() throws IOException {
        List<String> entries = new ArrayList<>();
        Files.walkFileTree(dir, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path folder, BasicFileAttributes attributes) {
                return folder.getFileName() != null && folder.getFileName().toString().equals(".git")
                        ? FileVisitResult.SKIP_SUBTREE : FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) {
                entries.add(dir.relativize(file) + "\u0000" + attributes.size() + "\u0000"
                        + attributes.lastModifiedTime().to(TimeUnit.NANOSECONDS) + "\u0000" + attributes.fileKey());
                return FileVisitResult.CONTINUE;
            }
        });
        Collections.sort(entries);
        long hash = 0xcbf29ce484222325L;
        for (String entry : entries) {
            for (int i = 0; i < entry.length(); i++) {
                hash = (hash ^ entry.charAt(i)) * 0x100000001b3L;
            }
            hash = (hash ^ '\n') * 0x100000001b3L;
        }
        return "worktree-" + String.format("%016x", hash);
    }

    @Override
    public ConfigSource sourceAt(String version) throws IOException {
        try {
            return ConfigSources.open(dir, null);
        } catch (SourceException e) {
            throw new IOException(e.getMessage(), e);
        }
    }
}
