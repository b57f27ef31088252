package dev.gitflags.internal.load;

import java.io.Closeable;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

/**
 * A config repo that is followed (by the server's reloader and the API's follower): a git ref that moves, or a
 * working tree whose files change. Asking for the current version is cheap (it runs every poll); reading the files
 * happens only when the version changed.
 */
public interface WatchedRepo extends Closeable {

    /** For logs and /status: the folder, or {@code folder @ ref}. */
    String description();

    /** The commit SHA the ref points to now, or a fingerprint of the working tree's files. */
    String currentVersion() throws IOException;

    /** The files of {@code version}, which {@link #currentVersion()} returned. */
    ConfigSource sourceAt(String version) throws IOException;

    /**
     * The versions before {@code version}, newest first, at most {@code depth}: a commit's first-parent line (the
     * commits the ref itself pointed to, not those merged in). A working tree has no history.
     */
    default List<String> history(String version, int depth) throws IOException {
        return List.of();
    }

    /** When {@code version} was committed; null for a working tree, which has no commits. */
    default Instant committedAt(String version) throws IOException {
        return null;
    }

    /** A followed ref when {@code ref} is given, else the working tree of {@code dir}. */
    static WatchedRepo open(Path dir, String ref) throws IOException {
        return open(dir, ref, "");
    }

    /**
     * {@link #open(Path, String)} of the config root {@code below} inside {@code dir} ('/'-separated, "" for
     * {@code dir}); with a ref it is a folder of the commit's tree, so a bare repository's subfolder works.
     */
    static WatchedRepo open(Path dir, String ref, String below) throws IOException {
        // Absolute: JGit finds the enclosing repository by walking up parents, which a relative path lacks.
        Path folder = dir.toAbsolutePath().normalize();
        return ref == null ? new WorkTreeRepo(folder.resolve(below).normalize()) : GitRefRepo.open(folder, ref, below);
    }

    /** The {@link #description()} of the repo {@link #open} opens: the folder, or {@code folder @ ref}. */
    static String describe(Path dir, String ref) {
        Path folder = dir.toAbsolutePath().normalize();
        return ref == null ? folder.toString() : folder + " @ " + ref;
    }

    @Override
    default void close() throws IOException {
    }
}
