package dev.gitflags.internal.load;

import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Set;

/**
 * Which flag keys the flag files that could not be built may define, so that an override of such a key is not
 * called E_UNKNOWN_FLAG while the file that defines it is broken. A file whose bytes are unknown (over the size
 * limit, unreadable, a link, or a linked flags folder) may define any key. A file that does not parse may define
 * the keys written in it: a key's text stands between characters no key holds, unless a double-quoted escape
 * spells it, so a file with a backslash may define any. The same answer whichever scope reads the file: a scoped
 * load skips only files without the key's text.
 *
 * @param any    some unread file may define every key
 * @param tokens the words of key characters in the files that did not parse
 */
record UnreadFlagFiles(boolean any, Set<String> tokens) {

    /** Every flag file was read and built. */
    static final UnreadFlagFiles NONE = new UnreadFlagFiles(false, Set.of());

    /** The longest flag key, as the schema's pattern allows. */
    private static final int MAX_KEY_LENGTH = 128;

    UnreadFlagFiles {
        tokens = Set.copyOf(tokens);
    }

    boolean mayDefine(String key) {
        return any || tokens.contains(key);
    }

    /** These and a file that did not parse. */
    UnreadFlagFiles withUnparsable(byte[] bytes) {
        if (any) {
            return this;
        }
        Set<String> words = new HashSet<>(tokens);
        // One char per byte: keys are ASCII, so a byte of a multi-byte character separates words like a space.
        String text = new String(bytes, StandardCharsets.ISO_8859_1);
        if (text.indexOf('\\') >= 0) {
            return new UnreadFlagFiles(true, Set.of());
        }
        int start = -1;
        for (int i = 0; i <= text.length(); i++) {
            boolean inKey = i < text.length() && isKeyCharacter(text.charAt(i));
            if (inKey && start < 0) {
                start = i;
            } else if (!inKey && start >= 0) {
                if (i - start <= MAX_KEY_LENGTH) {
                    words.add(text.substring(start, i));
                }
                start = -1;
            }
        }
        return new UnreadFlagFiles(false, words);
    }

    /** These and a file (or folder) whose bytes are unknown. */
    UnreadFlagFiles withUnknown() {
        return new UnreadFlagFiles(true, Set.of());
    }

    private static boolean isKeyCharacter(char c) {
        return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '.' || c == '_'
                || c == '-';
    }
}
