package dev.gitflags.load;

import java.io.IOException;
import java.util.List;

/** The files of one config repo at one point in time: a working tree folder, or a tree of a git commit. */
public interface ConfigSource {

    /** For messages: the folder, or {@code repo@ref (sha)}. */
    String description();

    /** The commit SHA the files come from, or null for a working tree. */
    String commit();

    /** Every regular file below the config root, as relative paths with '/' separators, sorted. */
    List<String> files() throws IOException;

    /** The bytes of one file listed by {@link #files()}. */
    byte[] read(String path) throws IOException;
}
