package dev.gitflags.internal.load;

import dev.gitflags.internal.model.Problem;
import org.eclipse.jgit.lib.ObjectId;

import java.io.IOException;
import java.util.List;

/**
 * The files of one config repo at one point in time: a working tree folder ({@link WorkingTreeSource}), a tree of
 * a git commit ({@link GitTreeSource}), or either with some files replaced in memory ({@link OverlaySource}).
 * Open one from a command line with {@link ConfigSources#open}; close it when done (a git source holds the repo).
 */
public interface ConfigSource extends AutoCloseable {

    /** For messages: the folder, or {@code repo@ref (sha)}. */
    String description();

    /** The commit SHA the files come from, or null for a working tree or an edited tree. */
    String commit();

    /** Every regular file below the config root, as relative paths with '/' separators, sorted; no links. */
    List<String> files() throws IOException;

    /**
     * What is wrong with the listing itself, found while taking it: symbolic links among the config files or
     * folders ({@link SymbolicLinks}), entries a git tree may hold but no checkout can. Call after {@link #files()}.
     */
    default List<Problem> problems() throws IOException {
        return List.of();
    }

    /** The size in bytes of one file listed by {@link #files()}, known without reading it. */
    long size(String path) throws IOException;

    /** The bytes of one file listed by {@link #files()}. */
    byte[] read(String path) throws IOException;

    /**
     * The git blob id of one file listed by {@link #files()} when the source knows it without reading the file (a
     * git tree lists it), else null: the loader then hashes the bytes it reads ({@link BlobMemo#blobIdOf}).
     */
    default ObjectId blobId(String path) throws IOException {
        return null;
    }

    /**
     * An id of the contents of the files gitflags reads (equal ids: equal files), or null when the source cannot
     * tell without reading them. Two commits that differ only outside those files have the same id.
     */
    default String contentId() {
        return null;
    }

    /** Releases what the source holds open; the default holds nothing. */
    @Override
    default void close() {
    }
}
