package dev.gitflags.internal.load;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Which flags a load covers, and which environments must see them. {@link #ALL} is a full load. A scope of a few
 * keys reads only the files that can matter to them: flag files and environment files that may mention a key
 * (see {@link #mayMention}), the environments named, and every ancestor of those. The snapshot then holds just
 * those flags and environments, with every check about them; the rest of the repo goes unread. A promotion of a
 * few flags in a big repo needs no more, since it changes nothing else.
 *
 * <p>A scope can also cover every environment below some ({@link #withDescendantsOf}): what a change to those
 * environments' flags reaches. A descendant whose file may mention the keys is read like the others. One whose
 * file cannot inherits the scope's flags unchanged, so its file is not read: its {@code parent:} is taken from the
 * file's first lines (see {@link ParentLinkReader}), and the snapshot holds it <em>by its parent link alone</em>:
 * no overrides (exact, for the scope's flags), and its name, description, settings and {@code active} unread (the
 * slug, empty, none, active).
 *
 * @param keys          the flag keys; null for every flag
 * @param environments  slugs of environments to read even when they mention none of the keys
 * @param descendantsOf slugs of environments whose every descendant the scope covers too
 */
public record FlagScope(Set<String> keys, Set<String> environments, Set<String> descendantsOf) {

    /** Every flag and environment: the whole repo is read and checked. */
    public static final FlagScope ALL = new FlagScope(null, Set.of());

    public FlagScope {
        keys = keys == null ? null : Set.copyOf(keys);
        environments = Set.copyOf(environments);
        descendantsOf = Set.copyOf(descendantsOf);
    }

    public FlagScope(Set<String> keys, Set<String> environments) {
        this(keys, environments, Set.of());
    }

    /** Only these flags, seen from these environments (and those that mention the flags); no keys means all. */
    public static FlagScope of(List<String> keys, String... environments) {
        return keys.isEmpty() ? ALL : new FlagScope(Set.copyOf(keys),
                Arrays.stream(environments).filter(Objects::nonNull).collect(Collectors.toSet()));
    }

    /** This scope, also covering every environment below {@code slugs} (the full scope covers them already). */
    public FlagScope withDescendantsOf(String... slugs) {
        if (isAll()) {
            return this;
        }
        Set<String> tops = new HashSet<>(descendantsOf);
        tops.addAll(Arrays.asList(slugs));
        return new FlagScope(keys, environments, tops);
    }

    public boolean isAll() {
        return keys == null;
    }

    public boolean includes(String key) {
        return keys == null || keys.contains(key);
    }

    /** True when a snapshot loaded in this scope holds everything {@code other} asks for. */
    public boolean covers(FlagScope other) {
        return isAll() || !other.isAll() && keys.containsAll(other.keys)
                && environments.containsAll(other.environments) && descendantsOf.containsAll(other.descendantsOf);
    }

    /**
     * False only when the file cannot name any of the keys (see {@link #mayWrite}); true for every file in the
     * full scope.
     */
    public boolean mayMention(byte[] file) {
        return keys == null || mayWrite(file, keys);
    }

    /**
     * False only when the file cannot write any of the words (flag keys, environment slugs) as a YAML scalar:
     * their UTF-8 bytes appear nowhere in it, and it has no backslash. YAML writes such a word's text as it is,
     * except through a double-quoted escape; a quoted or plain scalar that spans lines folds the break into a
     * space, which no word holds. Anchors and aliases stay inside one file, so an alias's text is written out
     * where its anchor is.
     */
    static boolean mayWrite(byte[] file, Collection<String> words) {
        // One char per byte, so String's fast search finds byte sequences.
        String bytes = new String(file, StandardCharsets.ISO_8859_1);
        return bytes.indexOf('\\') >= 0 || words.stream().anyMatch(word -> bytes.contains(
                new String(word.getBytes(StandardCharsets.UTF_8), StandardCharsets.ISO_8859_1)));
    }
}
