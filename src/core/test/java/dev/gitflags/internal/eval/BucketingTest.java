package dev.gitflags.internal.eval;

import org.apache.commons.codec.digest.MurmurHash3;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.charset.StandardCharsets;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class BucketingTest {

    @Test
    void matchesTheEcosystemCheckValue() {
        assertEquals(3802365643L, Bucketing.unsignedHash("test-flag", "user-1"));
        assertEquals(44, Bucketing.rolloutBucket("test-flag", "user-1"));
        assertTrue(Bucketing.admits(44, "test-flag", "user-1"));
        assertFalse(Bucketing.admits(43, "test-flag", "user-1"));
    }

    @Test
    void variantBucketHashesTheVariantPrefixedKey() {
        long expected = Integer.toUnsignedLong(MurmurHash3.hash32x86(
                "test-flag:variant:user-1".getBytes(StandardCharsets.UTF_8)));
        assertEquals(expected % 100, Bucketing.variantBucket("test-flag", "user-1"));
    }

    @Test
    void streamingHashEqualsCommonsCodecOnRandomStringsOfEveryUtf8Length() {
        Random random = new Random(20261125L);
        for (int i = 0; i < 20_000; i++) {
            boolean ascii = i % 3 == 0; // long ASCII runs take the four-characters-at-a-time path
            String flagKey = randomString(random, random.nextInt(12), ascii);
            String targetingKey = randomString(random, random.nextInt(40), ascii);
            String separator = random.nextBoolean() ? ":" : ":variant:";
            byte[] bytes = (flagKey + separator + targetingKey).getBytes(StandardCharsets.UTF_8);
            assertEquals(MurmurHash3.hash32x86(bytes), Bucketing.murmur3(flagKey, separator, targetingKey),
                    () -> "hash of " + escape(flagKey + separator + targetingKey));
        }
    }

    @Test
    void memoizedPrefixesGiveTheSameBucketsAsHashingTheWholeString() {
        Random random = new Random(7L);
        for (int i = 0; i < 5_000; i++) {
            // few distinct flag keys, many targeting keys: memo hits, misses and slot collisions all happen
            String flagKey = i % 2 == 0 ? "flag-" + random.nextInt(3_000) : randomString(random, 1 + random.nextInt(20), false);
            String targetingKey = randomString(random, random.nextInt(30), i % 3 == 0);
            long rollout = unsigned((flagKey + ":" + targetingKey).getBytes(StandardCharsets.UTF_8));
            long variant = unsigned((flagKey + ":variant:" + targetingKey).getBytes(StandardCharsets.UTF_8));
            assertEquals(rollout, Bucketing.unsignedHash(flagKey, targetingKey));
            assertEquals(rollout % 100 + 1, Bucketing.rolloutBucket(flagKey, targetingKey));
            assertEquals(variant % 100, Bucketing.variantBucket(flagKey, targetingKey));
        }
    }

    @Test
    void flagKeysThatShareAMemoSlotDoNotShareBuckets() {
        assertEquals("Aa".hashCode(), "BB".hashCode());
        for (int i = 0; i < 100; i++) {
            String flagKey = i % 2 == 0 ? "Aa" : "BB";
            assertEquals(unsigned((flagKey + ":user-" + i).getBytes(StandardCharsets.UTF_8)),
                    Bucketing.unsignedHash(flagKey, "user-" + i));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "a", "ab", "abc", "abcd", "é", "€uro", "日本語のユーザー", "😀", "a😀b", "\uD83D",
            "x\uDE00y", "\uD83D\uD83D\uDE00", "user@example.com", "Ünïcödé-ключ", "abcdé", "abcdefgh😀ijklmnop",
            "0123456789abcdefghijklmnopqrstuvwxyz", "\uD83Dabcd", "abc\uD83D"})
    void streamingHashEqualsCommonsCodecOnEdgeCases(String targetingKey) {
        byte[] bytes = ("flag:" + targetingKey).getBytes(StandardCharsets.UTF_8);
        assertEquals(MurmurHash3.hash32x86(bytes), Bucketing.murmur3("flag", ":", targetingKey));
    }

    @Test
    void bucketsStayWithinTheirRanges() {
        for (int i = 0; i < 10_000; i++) {
            int rollout = Bucketing.rolloutBucket("range", "user-" + i);
            int variant = Bucketing.variantBucket("range", "user-" + i);
            assertTrue(rollout >= 1 && rollout <= 100, "rollout bucket " + rollout);
            assertTrue(variant >= 0 && variant <= 99, "variant bucket " + variant);
        }
    }

    @Test
    void missingKeyIsOutsideEveryPartialRolloutButInsideAFullOne() {
        assertFalse(Bucketing.admits(99, "flag", null));
        assertFalse(Bucketing.admits(99, "flag", ""));
        assertTrue(Bucketing.admits(100, "flag", null));
        assertFalse(Bucketing.admits(0, "flag", "user-1"));
    }

    @Test
    void rolloutOfThirtyPercentAdmitsAboutThirtyPercentOfTenThousandKeys() {
        int admitted = 0;
        for (int i = 0; i < 10_000; i++) {
            if (Bucketing.admits(30, "new-checkout", "user-" + i)) {
                admitted++;
            }
        }
        assertTrue(admitted >= 2_850 && admitted <= 3_150, "admitted " + admitted + " of 10,000");
    }

    private static long unsigned(byte[] bytes) {
        return Integer.toUnsignedLong(MurmurHash3.hash32x86(bytes));
    }

    /** Code units drawn from ASCII, or also from 2- and 3-byte ranges, valid surrogate pairs and lone surrogates. */
    private static String randomString(Random random, int length, boolean ascii) {
        StringBuilder text = new StringBuilder();
        while (text.length() < length) {
            switch (ascii ? 0 : random.nextInt(6)) {
                case 0, 1 -> text.append((char) (0x20 + random.nextInt(0x5F)));
                case 2 -> text.append((char) (0x80 + random.nextInt(0x780)));
                case 3 -> {
                    char ch = (char) (0x800 + random.nextInt(0x10000 - 0x800));
                    text.append(Character.isSurrogate(ch) ? '\uFFFD' : ch);
                }
                case 4 -> text.appendCodePoint(0x10000 + random.nextInt(0x100000));
                default -> text.append((char) (0xD800 + random.nextInt(0x800)));
            }
        }
        return text.toString();
    }

    private static String escape(String text) {
        StringBuilder escaped = new StringBuilder();
        text.chars().forEach(ch -> escaped.append(ch < 0x80 ? String.valueOf((char) ch) : String.format("\\u%04X", ch)));
        return escaped.toString();
    }
}
