package dev.gitflags.internal.load;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * Which flags a load covers, and which environments must see them. {@link #ALL} is a full load; {@link
 * #ofEnvironment} is every flag as one environment sees it. A scope of a few
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
 * <p>A scope can instead leave out the environments that only mention its flags ({@code mentioning} false): then
 * just the environments named and their ancestors are read. With every flag, that is the load of one environment
 * ({@link #ofEnvironment}): every flag file, that environment's chain of files, and of the other environments only
 * their file names (for the settings' checks, which ask which environments exist).
 *
 * @param keys          the flag keys; null for every flag
 * @param environments  slugs of environments to read even when they mention none of the keys
 * @param descendantsOf slugs of environments whose every descendant the scope covers too
 * @param mentioning    whether the environment files that may mention the keys are read too
 */
public record FlagScope(Set<String> keys, Set<String> environments, Set<String> descendantsOf,
                        boolean mentioning) {

    /** Every flag and environment: the whole repo is read and checked. */
    public static final FlagScope ALL = new FlagScope(null, Set.of());

    public FlagScope {
        keys = keys == null ? null : Set.copyOf(keys);
        environments = Set.copyOf(environments);
        descendantsOf = Set.copyOf(descendantsOf);
    }

    public FlagScope(Set<String> keys, Set<String> environments, Set<String> descendantsOf) {
        this(keys, environments, descendantsOf, true);
    }

    public FlagScope(Set<String> keys, Set<String> environments) {
        this(keys, environments, Set.of());
    }

    /**
     * Every flag as {@code environment} resolves it: the snapshot holds every flag, that environment and its
     * ancestors (each resolved), and nothing of the other environments. Its problems are those a full load finds
     * in the files it reads and among the environments it holds, with the settings checked against every
     * environment file present; what is wrong only in another environment's file is not seen.
     */
    public static FlagScope ofEnvironment(String environment) {
        return new FlagScope(null, Set.of(environment), Set.of(), false);
    }

    /**
     * One flag as one environment resolves it: the flag files that may mention {@code key}, that environment's
     * chain of files, and nothing else (as {@link #ofEnvironment}, of one flag). What a walk through history needs.
     */
    public static FlagScope ofFlagIn(String environment, String key) {
        return new FlagScope(Set.of(key), Set.of(environment), Set.of(), false);
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
        if (!mentioning) {
            // a descendant left unread is taken to mention none of the keys, which only a mentioning scope knows
            throw new IllegalStateException("a scope that reads only the environments named covers no descendants");
        }
        Set<String> tops = new HashSet<>(descendantsOf);
        tops.addAll(Arrays.asList(slugs));
        return new FlagScope(keys, environments, tops, mentioning);
    }

    /** True for the full load: every flag in every environment. */
    public boolean isAll() {
        return keys == null && mentioning;
    }

    /** True when every flag is covered, whichever environments are. */
    public boolean everyFlag() {
        return keys == null;
    }

    public boolean includes(String key) {
        return keys == null || keys.contains(key);
    }

    /** True when a snapshot loaded in this scope holds everything {@code other} asks for. */
    public boolean covers(FlagScope other) {
        return isAll() || !other.isAll() && (everyFlag() || !other.everyFlag() && keys.containsAll(other.keys))
                && environments.containsAll(other.environments) && descendantsOf.containsAll(other.descendantsOf)
                && (mentioning || !other.mentioning);
    }

    /**
     * Whether an environment file is read for its own sake (its ancestors are read for it): it is named, or the
     * scope reads the environments that may mention its flags and this one may.
     */
    boolean reads(String slug, Supplier<byte[]> file) {
        return environments.contains(slug) || mentioning && (everyFlag() || mayMention(file.get()));
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
