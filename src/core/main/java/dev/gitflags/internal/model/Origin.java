package dev.gitflags.internal.model;

import java.util.Comparator;

/**
 * Where something was written: a file relative to the config root, with 1-based line and column. A problem
 * about a whole file (missing, unreadable) is at its start, 1:1, so every consumer sees one shape.
 */
public record Origin(String file, int line, int column) implements Comparable<Origin> {

    private static final Comparator<Origin> ORDER = Comparator.comparing(Origin::file)
            .thenComparingInt(Origin::line)
            .thenComparingInt(Origin::column);

    /** The start of {@code file}, for a problem about the file as a whole. */
    public static Origin ofFile(String file) {
        return new Origin(file, 1, 1);
    }

    /** {@code file:line:column}. */
    @Override
    public String toString() {
        return file + ":" + line + ":" + column;
    }

    /** {@code file:line}, the short form used by provenance. */
    public String fileAndLine() {
        return file + ":" + line;
    }

    @Override
    public int compareTo(Origin other) {
        return ORDER.compare(this, other);
    }
}
