package dev.gitflags.internal.load;

import org.eclipse.jgit.lib.ObjectId;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Collections;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The files of one source during one load: every file gitflags can read (in path order, each with its blob id),
 * and every path present (the files listed, some too large or unreadable, and the paths the listing's problems
 * name). Bytes are read at most once, and a file the loader knows by its blob id ({@link BlobMemo}) only when a
 * step asks for them; nothing outlives the load.
 */
final class SourceFiles {

    private final ConfigSource source;
    private final Map<String, ObjectId> blobs;
    private final Set<String> present;
    private final Map<String, byte[]> bytes;

    /**
     * @param blobs the readable files by path, in path order, with their blob ids
     * @param read  the bytes already read, by path (the others are read from {@code source} on demand)
     */
    SourceFiles(ConfigSource source, Map<String, ObjectId> blobs, Set<String> present, Map<String, byte[]> read) {
        this.source = source;
        this.blobs = Collections.unmodifiableMap(blobs);
        this.present = Collections.unmodifiableSet(present);
        this.bytes = new ConcurrentHashMap<>(read);
    }

    /** The files gitflags can read, in path order. */
    Set<String> readable() {
        return blobs.keySet();
    }

    boolean isReadable(String path) {
        return blobs.containsKey(path);
    }

    /** Every path present, readable or not. */
    Set<String> present() {
        return present;
    }

    /** The blob id of a readable file. */
    ObjectId blobId(String path) {
        return blobs.get(path);
    }

    /**
     * The bytes of a readable file. A file known by its blob id was not read when listed; an I/O failure reading it
     * now (say, the object database pruned under the load) is thrown as {@link Unreadable}, which the loader
     * reports as E_IO.
     */
    byte[] bytes(String path) {
        return bytes.computeIfAbsent(path, file -> {
            try {
                return source.read(file);
            } catch (IOException e) {
                throw new Unreadable(file, e);
            }
        });
    }

    /** A file listed as readable that could not be read when its bytes were needed. */
    static final class Unreadable extends UncheckedIOException {

        private final String file;

        Unreadable(String file, IOException cause) {
            super(file + ": " + cause.getMessage(), cause);
            this.file = file;
        }

        String file() {
            return file;
        }
    }
}
