package dev.gitflags.server.web;

import java.util.Locale;

/**
 * Which rows of the matrix a page asks for: a text filter (key, name, description, tags, owners), a tag,
 * "only flags where some environment differs from its parent", "only expired or stale flags", then a window
 * {@code offset}/{@code limit}.
 */
public record MatrixQuery(String text, String tag, boolean differs, boolean stale, int offset, int limit) {

    public static final int DEFAULT_LIMIT = 50;
    public static final int MAX_LIMIT = 500;

    /** Blank filters become null, the window is clamped to 0 ≤ offset and 1 ≤ limit ≤ {@link #MAX_LIMIT}. */
    public MatrixQuery {
        text = blankToNull(text) == null ? null : text.trim().toLowerCase(Locale.ROOT);
        tag = blankToNull(tag);
        offset = Math.max(offset, 0);
        limit = limit <= 0 ? DEFAULT_LIMIT : Math.min(limit, MAX_LIMIT);
    }

    /** Without the stale filter. */
    public MatrixQuery(String text, String tag, boolean differs, int offset, int limit) {
        this(text, tag, differs, false, offset, limit);
    }

    public static MatrixQuery all() {
        return new MatrixQuery(null, null, false, 0, DEFAULT_LIMIT);
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.trim();
    }
}
