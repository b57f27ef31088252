package dev.gitflags.internal.load;

import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectInserter;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * What some files gave, each remembered with the git blob id of the bytes it came from, so that a file whose
 * blob is unchanged is neither read nor worked on again. A git source knows each file's blob id from its tree,
 * without reading the file; a working tree's file is read and hashed as git would ({@link #blobIdOf}), which
 * costs far less than parsing it and, unlike size and modification time, cannot miss an edit made within the
 * file system's timestamp resolution. Holds no bytes: only the ids and the values. Immutable.
 *
 * @param <V> what one file gives
 */
public final class BlobMemo<V> {

    /** One file's value and the blob it was made from. */
    public record Entry<V>(ObjectId blob, V value) {
    }

    private static final BlobMemo<?> EMPTY = new BlobMemo<>(Map.of());

    private final Map<String, Entry<V>> entries;

    private BlobMemo(Map<String, Entry<V>> entries) {
        this.entries = entries;
    }

    @SuppressWarnings("unchecked")
    public static <V> BlobMemo<V> empty() {
        return (BlobMemo<V>) EMPTY;
    }

    /** The id git gives {@code bytes} as a blob: what {@code git hash-object} prints. */
    public static ObjectId blobIdOf(byte[] bytes) {
        try (ObjectInserter.Formatter hasher = new ObjectInserter.Formatter()) {
            return hasher.idFor(Constants.OBJ_BLOB, bytes);
        }
    }

    /** True when {@code path}'s value is remembered for exactly this blob. */
    public boolean knows(String path, ObjectId blob) {
        Entry<V> entry = entries.get(path);
        return entry != null && entry.blob().equals(blob);
    }

    /**
     * A memo of exactly {@code paths}, in their order: each keeps its remembered entry (the very same object) where
     * {@code blobOf} gives the same blob, else gets a new one from {@code make}. Files are independent, so the new
     * ones are made in parallel. Two updates that change nothing give equal memos.
     */
    public BlobMemo<V> update(List<String> paths, Function<String, ObjectId> blobOf, Function<String, V> make) {
        List<Entry<V>> updated = paths.parallelStream().map(path -> {
            ObjectId blob = blobOf.apply(path);
            Entry<V> known = entries.get(path);
            return known != null && known.blob().equals(blob) ? known : new Entry<>(blob, make.apply(path));
        }).toList();
        Map<String, Entry<V>> byPath = new LinkedHashMap<>();
        for (int i = 0; i < paths.size(); i++) {
            byPath.put(paths.get(i), updated.get(i));
        }
        return new BlobMemo<>(Collections.unmodifiableMap(byPath));
    }

    /** The entries whose value passes {@code keep}, in this memo's order. */
    public BlobMemo<V> where(Predicate<V> keep) {
        Map<String, Entry<V>> byPath = new LinkedHashMap<>();
        entries.forEach((path, entry) -> {
            if (keep.test(entry.value())) {
                byPath.put(path, entry);
            }
        });
        return new BlobMemo<>(Collections.unmodifiableMap(byPath));
    }

    /** This memo's entries and then {@code more}'s, which win for a path in both. */
    public BlobMemo<V> with(BlobMemo<V> more) {
        Map<String, Entry<V>> byPath = new LinkedHashMap<>(entries);
        byPath.putAll(more.entries);
        return new BlobMemo<>(Collections.unmodifiableMap(byPath));
    }

    /** Every path remembered, in the order of the update that made this memo, with its entry. */
    public Map<String, Entry<V>> entries() {
        return entries;
    }

    /** The value of every path, in that order. */
    public Map<String, V> values() {
        Map<String, V> values = new LinkedHashMap<>();
        entries.forEach((path, entry) -> values.put(path, entry.value()));
        return values;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof BlobMemo<?> memo && entries.equals(memo.entries);
    }

    @Override
    public int hashCode() {
        return entries.hashCode();
    }
}
