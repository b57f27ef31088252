package dev.gitflags.model;

import java.util.Comparator;

/**
 * Where something was written: a file relative to the config root, with 1-based line and column.
 * Line and column are 0 when only the file is known.
 */
public record Origin(String file, int line, int column) implements Comparable<Origin> {

    private static final Comparator<Origin> ORDER = Comparator.comparing(Origin::file)
            .thenComparingInt(Origin::line)
            .thenComparingInt(Origin::column);

    public static Origin ofFile(String file) {
        return new Origin(file, 0, 0);
    }

    /** {@code file:line:column}, or {@code file} alone when no position is known. */
    @Override
    public String toString() {
        if (line <= 0) {
            return file;
        }
        return file + ":" + line + ":" + Math.max(column, 1);
    }

    /** {@code file:line}, the short form used by provenance. */
    public String fileAndLine() {
        return line <= 0 ? file : file + ":" + line;
    }

    @Override
    public int compareTo(Origin other) {
        return ORDER.compare(this, other);
    }
}
