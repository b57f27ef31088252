package dev.gitflags.internal.refs;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * Finds many words at once in source bytes, each only as a whole token, in one pass. A token is bounded by bytes
 * that are not letters, digits, {@code _} or {@code -}, so {@code search} is not found inside {@code search-backend}
 * or {@code research}; a word with dots ({@code checkout.v2}) is found across its dots, and a dot elsewhere bounds
 * a token ({@code Flags.NEW_CHECKOUT.name()} holds {@code NEW_CHECKOUT}).
 *
 * <p>Since matches are whole tokens, the pass needs no automaton: it splits the bytes into runs of token bytes and
 * looks each run (and, when some word has dots, each run joined to the next few across single dots) up in an
 * open-addressing hash table of the words' bytes, without making a String. Immutable; share it between threads.
 */
final class KeyMatcher {

    /**
     * A word to find: a flag key or alias ({@code key} the flag it names), or the name of a call site
     * ({@code key} null), after which the key is read from the string argument.
     */
    record Word(String text, String key) {

        boolean isCallSite() {
            return key == null;
        }
    }

    /** Receives each match: the word, its byte offset and its 1-based line. */
    @FunctionalInterface
    interface Hits {
        void hit(Word word, int offset, int line);
    }

    private static final boolean[] TOKEN = new boolean[256];

    static {
        for (int c = 0; c < 256; c++) {
            TOKEN[c] = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_'
                    || c == '-';
        }
    }

    private final Word[] words;
    private final byte[][] bytes;
    private final int[] table;
    private final int mask;
    private final int maxDots;

    /**
     * {@code keys}: each text to find with the flag key it names (itself, for a key); {@code callSites}: names of
     * functions whose string argument is a flag key. A name that is also a key is taken as the key.
     */
    KeyMatcher(Map<String, String> keys, Collection<String> callSites) {
        List<Word> list = new ArrayList<>();
        keys.forEach((text, key) -> list.add(new Word(text, key)));
        callSites.stream().filter(name -> !keys.containsKey(name)).distinct()
                .forEach(name -> list.add(new Word(name, null)));
        this.words = list.toArray(Word[]::new);
        this.bytes = new byte[this.words.length][];
        int dots = 0;
        for (int i = 0; i < this.words.length; i++) {
            bytes[i] = this.words[i].text().getBytes(StandardCharsets.UTF_8);
            dots = Math.max(dots, (int) this.words[i].text().chars().filter(c -> c == '.').count());
        }
        this.maxDots = dots;
        int size = Integer.highestOneBit(Math.max(16, this.words.length * 4 - 1)) << 1;
        this.table = new int[size];
        Arrays.fill(table, -1);
        this.mask = size - 1;
        for (int i = 0; i < bytes.length; i++) {
            int slot = hash(bytes[i], 0, bytes[i].length) & mask;
            while (table[slot] != -1) {
                slot = (slot + 1) & mask;
            }
            table[slot] = i;
        }
    }

    static boolean isTokenByte(byte b) {
        return TOKEN[b & 0xff];
    }

    /** Calls {@code hits} for every whole-token occurrence of a word in {@code text[0, length)}, in order. */
    void scan(byte[] text, int length, Hits hits) {
        int line = 1;
        int i = 0;
        while (i < length) {
            byte b = text[i];
            if (!TOKEN[b & 0xff]) {
                if (b == '\n') {
                    line++;
                }
                i++;
                continue;
            }
            int end = i;
            while (end < length && TOKEN[text[end] & 0xff]) {
                end++;
            }
            lookUp(text, i, end, line, hits);
            int joined = end;
            for (int dots = 0; dots < maxDots && joined + 1 < length && text[joined] == '.'
                    && TOKEN[text[joined + 1] & 0xff]; dots++) {
                joined++;
                while (joined < length && TOKEN[text[joined] & 0xff]) {
                    joined++;
                }
                lookUp(text, i, joined, line, hits);
            }
            i = end;
        }
    }

    /** The word that is exactly {@code text[from, to)}, or null. */
    Word wordAt(byte[] text, int from, int to) {
        int slot = hash(text, from, to) & mask;
        int length = to - from;
        for (int index = table[slot]; index != -1; slot = (slot + 1) & mask, index = table[slot]) {
            byte[] word = bytes[index];
            if (word.length == length && Arrays.equals(word, 0, length, text, from, to)) {
                return words[index];
            }
        }
        return null;
    }

    private void lookUp(byte[] text, int from, int to, int line, Hits hits) {
        Word word = wordAt(text, from, to);
        if (word != null) {
            hits.hit(word, from, line);
        }
    }

    /** FNV-1a, 32 bits, spread: cheap per byte and good enough for an open-addressing table a quarter full. */
    private static int hash(byte[] text, int from, int to) {
        int h = 0x811c9dc5;
        for (int i = from; i < to; i++) {
            h = (h ^ (text[i] & 0xff)) * 0x01000193;
        }
        return h ^ (h >>> 16);
    }
}
