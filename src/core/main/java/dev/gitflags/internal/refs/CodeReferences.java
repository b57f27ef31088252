package dev.gitflags.internal.refs;

import dev.gitflags.internal.graph.Suggestions;

import java.util.List;
import java.util.Map;

/**
 * Where application code uses flag keys: every whole-token reference to a key or one of its aliases, the flags
 * nothing references, and keys passed at call sites ({@code getBooleanValue("…"}, …) that no flag defines, each with
 * the nearest key.
 *
 * @param references   by flag key (every key of the repository, in key order), each key's references in path and
 *                     line order; an empty list is a flag no code references
 * @param unknown      strings passed at call sites that name no flag, in path and line order
 * @param filesScanned text files read (binary and ignored files are not)
 * @param bytesScanned their total size
 */
public record CodeReferences(Map<String, List<Reference>> references, List<UnknownKey> unknown, long filesScanned,
                             long bytesScanned) {

    /** One use of a flag in code: where, and the spelling found (the key, or an alias of it). */
    public record Reference(String file, int line, String spelling, boolean callSite) {

        /** {@code file:line}. */
        public String location() {
            return file + ":" + line;
        }
    }

    /** A call site's key that no flag defines: a typo in code, or a flag not yet (or no longer) defined. */
    public record UnknownKey(String key, String file, int line, String nearest) {

        /** {@code did you mean 'x'?}, or an empty string when no key is near. */
        public String hint() {
            return nearest == null ? "" : "did you mean '" + nearest + "'?";
        }
    }

    public CodeReferences {
        references = dev.gitflags.internal.model.Values.immutableMap(references);
        unknown = List.copyOf(unknown);
    }

    /** The flags no code references, in key order. */
    public List<String> unreferenced() {
        return references.entrySet().stream().filter(entry -> entry.getValue().isEmpty()).map(Map.Entry::getKey)
                .sorted().toList();
    }

    /** The references to {@code key}; empty when there are none or it is no flag. */
    public List<Reference> of(String key) {
        return references.getOrDefault(key, List.of());
    }

    static String nearest(String key, java.util.Collection<String> keys) {
        return Suggestions.nearest(key, keys).orElse(null);
    }
}
