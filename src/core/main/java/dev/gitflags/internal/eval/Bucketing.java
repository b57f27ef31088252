package dev.gitflags.internal.eval;

import dev.gitflags.internal.model.BucketingScheme;
import dev.gitflags.internal.model.Variant;

import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Deterministic bucketing, stable per targeting key and independent between flags:
 * {@code h = MurmurHash3_x86_32(UTF-8 bytes of "<flagKey>:<targetingKey>", seed 0)} read as unsigned;
 * the rollout bucket is {@code h % 100 + 1} (1–100, admitted iff bucket ≤ percentage) and the variant bucket is
 * {@code h("<flagKey>:variant:<targetingKey>") % 100} (0–99). The hash function is the one flagd's
 * {@code fractional} uses, but the buckets are not flagd's: flagd hashes {@code flagKey + targetingKey} without a
 * separator and maps the signed hash to {@code |h| / (2^31 - 1) * 100}, so a key lands in different buckets.
 *
 * <p>With {@code bucketing: flagd} ({@link BucketingScheme#FLAGD}) the buckets are current flagd's
 * {@code fractional} instead: {@code bucket = (uint32(h) × totalWeight) >> 32} over the weights in order, the
 * first whose cumulative weight exceeds the bucket being picked; a rollout of p % is the split
 * {@code [in: p, out: 100 − p]}. Three bucketing strings keep a rule's rollout, the flag's rollout and the variant
 * split independent of each other: {@code "<flagKey>:rule:<targetingKey>"}, {@code "<flagKey>:<targetingKey>"} and
 * {@code "<flagKey>:variant:<targetingKey>"}; the flagd export passes the same strings to {@code fractional}.
 *
 * <p>The hash runs over the UTF-8 encoding of the concatenation without building it: no string, no byte array,
 * nothing allocated. The state after {@code "<flagKey>:"} (or {@code "<flagKey>:variant:"}) is memoized per flag
 * key, so an evaluation hashes only the targeting key. Unpaired surrogates encode as {@code '?'}, as
 * {@link String#getBytes} does.
 */
public final class Bucketing {

    private static final String ROLLOUT_SEPARATOR = ":";
    private static final String VARIANT_SEPARATOR = ":variant:";
    private static final String RULE_SEPARATOR = ":rule:";

    private static final int C1 = 0xcc9e2d51;
    private static final int C2 = 0x1b873593;

    /*
     * Memo of prefix states, a slot per flag key hash (a collision only costs a recomputation). Entries are
     * immutable records, so an unsynchronized read sees either null, another key's entry, or a complete one.
     */
    private static final int PREFIX_SLOTS = 1024;
    private static final Prefix[] ROLLOUT_PREFIXES = new Prefix[PREFIX_SLOTS];
    private static final Prefix[] VARIANT_PREFIXES = new Prefix[PREFIX_SLOTS];
    private static final Prefix[] RULE_PREFIXES = new Prefix[PREFIX_SLOTS];

    private Bucketing() {
    }

    /** MurmurHash3 of {@code "<flagKey>:<targetingKey>"}, as an unsigned value (0 to 2^32 − 1). */
    public static long unsignedHash(String flagKey, String targetingKey) {
        return Integer.toUnsignedLong(murmur3(prefix(flagKey, ROLLOUT_SEPARATOR, ROLLOUT_PREFIXES), targetingKey));
    }

    /** The rollout bucket of a targeting key for a flag: 1–100. */
    public static int rolloutBucket(String flagKey, String targetingKey) {
        return Integer.remainderUnsigned(murmur3(prefix(flagKey, ROLLOUT_SEPARATOR, ROLLOUT_PREFIXES), targetingKey),
                100) + 1;
    }

    /** The variant bucket of a targeting key for a flag: 0–99. */
    public static int variantBucket(String flagKey, String targetingKey) {
        return Integer.remainderUnsigned(murmur3(prefix(flagKey, VARIANT_SEPARATOR, VARIANT_PREFIXES), targetingKey),
                100);
    }

    /**
     * True when a rollout of {@code percentage} admits the key: always at 100 or more, even without a
     * targeting key; else (see {@link #admits(int, RequestKind)}) when the key's rollout bucket is ≤ percentage.
     */
    public static boolean admits(int percentage, String flagKey, String targetingKey) {
        return switch (admits(percentage, RequestKind.of(targetingKey))) {
            case ALWAYS -> true;
            case NEVER -> false;
            case SOMETIMES -> rolloutBucket(flagKey, targetingKey) <= percentage;
        };
    }

    /**
     * True when the flag's own rollout of {@code percentage} admits the key under {@code scheme}: gitflags'
     * {@link #admits(int, String, String)}, or flagd's bucket of {@code "<flagKey>:<targetingKey>"} below it.
     */
    public static boolean flagAdmits(BucketingScheme scheme, int percentage, String flagKey, String targetingKey) {
        return scheme == BucketingScheme.FLAGD
                ? flagdAdmits(percentage, targetingKey, prefix(flagKey, ROLLOUT_SEPARATOR, ROLLOUT_PREFIXES))
                : admits(percentage, flagKey, targetingKey);
    }

    /**
     * True when a rule's rollout of {@code percentage} admits the key under {@code scheme}: gitflags'
     * {@link #admits(int, String, String)} (the flag's rollout bucket), or flagd's bucket of
     * {@code "<flagKey>:rule:<targetingKey>"} below it.
     */
    public static boolean ruleAdmits(BucketingScheme scheme, int percentage, String flagKey, String targetingKey) {
        return scheme == BucketingScheme.FLAGD
                ? flagdAdmits(percentage, targetingKey, prefix(flagKey, RULE_SEPARATOR, RULE_PREFIXES))
                : admits(percentage, flagKey, targetingKey);
    }

    /** flagd's bucket (0 to totalWeight − 1) of {@code flagKey + separator + targetingKey}: (h × total) >> 32. */
    public static long flagdBucket(String flagKey, String separator, String targetingKey, int totalWeight) {
        return flagdBucket(murmur3(Prefix.of(flagKey, separator), targetingKey), totalWeight);
    }

    private static long flagdBucket(int hash, int totalWeight) {
        return (Integer.toUnsignedLong(hash) * totalWeight) >>> 32;
    }

    private static boolean flagdAdmits(int percentage, String targetingKey, Prefix prefix) {
        return switch (admits(percentage, RequestKind.of(targetingKey))) {
            case ALWAYS -> true;
            case NEVER -> false;
            case SOMETIMES -> flagdBucket(murmur3(prefix, targetingKey), 100) < percentage;
        };
    }

    /**
     * Which requests of a kind a rollout of {@code percentage} admits: all at 100 or more; none at 0 or less, and
     * none without a targeting key (a partial rollout never admits a missing key); else those whose bucket fits.
     */
    public static Reach admits(int percentage, RequestKind kind) {
        if (percentage >= 100) {
            return Reach.ALWAYS;
        }
        return kind == RequestKind.UNKEYED || percentage <= 0 ? Reach.NEVER : Reach.SOMETIMES;
    }

    /**
     * The variant a split gives the key: variants are taken in the given order, and the first whose cumulative
     * weight exceeds the key's variant bucket is picked. Null when the split picks none (see
     * {@link #picks(List, RequestKind)}).
     */
    public static Variant pick(List<Variant> variants, String flagKey, String targetingKey) {
        if (picks(variants, RequestKind.of(targetingKey)) == Reach.NEVER) {
            return null;
        }
        int bucket = variantBucket(flagKey, targetingKey);
        return variantAt(variants, bucket);
    }

    /**
     * The variant a split gives the key under {@code scheme}: gitflags' {@link #pick(List, String, String)}, or
     * flagd's bucket of {@code "<flagKey>:variant:<targetingKey>"} over the weights' total.
     */
    public static Variant pick(BucketingScheme scheme, List<Variant> variants, String flagKey, String targetingKey) {
        if (scheme != BucketingScheme.FLAGD) {
            return pick(variants, flagKey, targetingKey);
        }
        if (picks(variants, RequestKind.of(targetingKey)) == Reach.NEVER) {
            return null;
        }
        int total = 0;
        for (int i = 0, size = variants.size(); i < size; i++) {
            total += variants.get(i).weight();
        }
        long bucket = flagdBucket(murmur3(prefix(flagKey, VARIANT_SEPARATOR, VARIANT_PREFIXES), targetingKey), total);
        return variantAt(variants, bucket);
    }

    /** The variant whose share of the weights, laid end to end in order, holds {@code bucket}; null past them. */
    private static Variant variantAt(List<Variant> variants, long bucket) {
        long cumulative = 0;
        for (int i = 0, size = variants.size(); i < size; i++) {
            Variant variant = variants.get(i);
            cumulative += variant.weight();
            if (cumulative > bucket) {
                return variant;
            }
        }
        return null;
    }

    /**
     * Which requests of a kind a split gives a variant: none without a targeting key or without variants; every
     * keyed one when the weights add up to 100 (the loader checks they do), else only some.
     */
    public static Reach picks(List<Variant> variants, RequestKind kind) {
        if (kind == RequestKind.UNKEYED || variants.isEmpty()) {
            return Reach.NEVER;
        }
        int total = 0;
        for (int i = 0, size = variants.size(); i < size; i++) {
            total += variants.get(i).weight();
        }
        return total >= 100 ? Reach.ALWAYS : Reach.SOMETIMES;
    }

    /**
     * MurmurHash3_x86_32 with seed 0 over the UTF-8 bytes of {@code first + middle + last}, without the memo.
     * Equals {@code MurmurHash3.hash32x86((first + middle + last).getBytes(UTF_8))} of commons-codec, which the
     * tests check on random strings. {@code middle} must be ASCII, so no surrogate pair straddles two parts.
     */
    static int murmur3(String first, String middle, String last) {
        return murmur3(Prefix.of(first, middle), last);
    }

    /** The memoized state after {@code flagKey + separator}. */
    private static Prefix prefix(String flagKey, String separator, Prefix[] memo) {
        int slot = flagKey.hashCode() & (PREFIX_SLOTS - 1);
        Prefix prefix = memo[slot];
        if (prefix == null || !prefix.flagKey.equals(flagKey)) {
            prefix = Prefix.of(flagKey, separator);
            memo[slot] = prefix;
        }
        return prefix;
    }

    /** Continues the hash of {@code prefix} over the UTF-8 bytes of {@code text}, and finishes it. */
    private static int murmur3(Prefix prefix, String text) {
        int h1 = prefix.h1;
        long pending = prefix.pending; // up to 7 encoded bytes not yet mixed, first byte in the lowest bits
        int pendingBytes = prefix.pendingBytes;
        int total = prefix.length;
        int length = text.length();
        int i = 0;
        while (i < length) {
            // fast path: four ASCII characters make one block; the pending byte count stays as it was
            while (i + 4 <= length) {
                char c0 = text.charAt(i);
                char c1 = text.charAt(i + 1);
                char c2 = text.charAt(i + 2);
                char c3 = text.charAt(i + 3);
                if ((c0 | c1 | c2 | c3) >= 0x80) {
                    break;
                }
                pending |= (c0 | (c1 << 8) | (c2 << 16) | ((long) c3 << 24)) << (pendingBytes << 3);
                h1 = mixBlock(h1, (int) pending);
                pending >>>= 32;
                total += 4;
                i += 4;
            }
            if (i == length) {
                break;
            }
            char ch = text.charAt(i++);
            int encoded;
            int count;
            if (ch < 0x80) {
                encoded = ch;
                count = 1;
            } else if (ch < 0x800) {
                encoded = (0xC0 | (ch >> 6)) | ((0x80 | (ch & 0x3F)) << 8);
                count = 2;
            } else if (!Character.isSurrogate(ch)) {
                encoded = (0xE0 | (ch >> 12)) | ((0x80 | ((ch >> 6) & 0x3F)) << 8) | ((0x80 | (ch & 0x3F)) << 16);
                count = 3;
            } else if (Character.isHighSurrogate(ch) && i < length && Character.isLowSurrogate(text.charAt(i))) {
                int codePoint = Character.toCodePoint(ch, text.charAt(i++));
                encoded = (0xF0 | (codePoint >> 18)) | ((0x80 | ((codePoint >> 12) & 0x3F)) << 8)
                        | ((0x80 | ((codePoint >> 6) & 0x3F)) << 16) | ((0x80 | (codePoint & 0x3F)) << 24);
                count = 4;
            } else {
                encoded = '?';
                count = 1;
            }
            pending |= Integer.toUnsignedLong(encoded) << (pendingBytes << 3);
            pendingBytes += count;
            total += count;
            if (pendingBytes >= 4) {
                h1 = mixBlock(h1, (int) pending);
                pending >>>= 32;
                pendingBytes -= 4;
            }
        }
        if (pendingBytes > 0) {
            h1 ^= mixK1((int) pending);
        }
        return fmix32(h1 ^ total);
    }

    /**
     * The hash state after the bytes of a prefix: {@code h1} over its whole 4-byte blocks, the 0–3 bytes left
     * over ({@code pending}, first byte lowest), and the prefix's length in bytes.
     */
    private record Prefix(String flagKey, int h1, long pending, int pendingBytes, int length) {

        static Prefix of(String flagKey, String separator) {
            byte[] bytes = (flagKey + separator).getBytes(StandardCharsets.UTF_8);
            int h1 = 0;
            int blocks = bytes.length & ~3;
            for (int i = 0; i < blocks; i += 4) {
                h1 = mixBlock(h1, (bytes[i] & 0xFF) | (bytes[i + 1] & 0xFF) << 8 | (bytes[i + 2] & 0xFF) << 16
                        | (bytes[i + 3] & 0xFF) << 24);
            }
            long pending = 0;
            for (int i = blocks; i < bytes.length; i++) {
                pending |= (long) (bytes[i] & 0xFF) << ((i - blocks) << 3);
            }
            return new Prefix(flagKey, h1, pending, bytes.length - blocks, bytes.length);
        }
    }

    private static int mixK1(int k1) {
        return Integer.rotateLeft(k1 * C1, 15) * C2;
    }

    private static int mixBlock(int h1, int k1) {
        return Integer.rotateLeft(h1 ^ mixK1(k1), 13) * 5 + 0xe6546b64;
    }

    private static int fmix32(int h) {
        h ^= h >>> 16;
        h *= 0x85ebca6b;
        h ^= h >>> 13;
        h *= 0xc2b2ae35;
        h ^= h >>> 16;
        return h;
    }
}
