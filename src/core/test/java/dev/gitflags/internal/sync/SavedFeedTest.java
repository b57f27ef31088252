package dev.gitflags.internal.sync;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A saved feed reads back as what was saved; a missing file is no copy; a foreign, another environment's or a
 * truncated file is an unusable copy with its problem located in the file, never an exception. The write leaves no
 * temporary file behind.
 */
class SavedFeedTest {

    private static final String FEED = "{\"format\":\"gitflags.sync/v1\",\"environment\":\"staging\","
            + "\"maxAttributeLength\":4096,\"bucketing\":\"gitflags\",\"flags\":[{\"key\":\"beta\",\"type\":\"boolean\","
            + "\"status\":\"active\",\"enabled\":true,\"defaultValue\":true}]}";
    private static final Instant NOW = Instant.parse("2026-12-01T10:00:00Z");

    @TempDir
    Path dir;

    @Test
    void aSavedFeedReadsBackWithItsEtagCommitAndTime() throws Exception {
        Path file = dir.resolve("cache/staging.json");
        SavedFeed.write(file, "http://flags/sync/v1/environments/staging", "staging", "0123abcd", "c0ffee",
                FEED.getBytes(StandardCharsets.UTF_8), NOW);
        SavedFeed.Copy copy = SavedFeed.read(file, "staging").orElseThrow();
        assertTrue(copy.isValid(), copy.result().problems()::toString);
        assertEquals("0123abcd", copy.etag());
        assertEquals("c0ffee", copy.commit());
        assertEquals(NOW, copy.savedAt());
        assertEquals(java.util.List.of("beta"), copy.result().snapshot().flagKeys());
        try (var files = Files.list(file.getParent())) {
            assertEquals(1, files.count(), "no temporary file is left");
        }
    }

    @Test
    void noFileIsNoCopy() {
        assertEquals(Optional.empty(), SavedFeed.read(dir.resolve("none.json"), "staging"));
    }

    @Test
    void aForeignOrTruncatedFileIsUnusableWithALocatedProblem() throws Exception {
        Path file = dir.resolve("staging.json");
        SavedFeed.write(file, "http://flags/sync/v1/environments/production", "production", "1", null,
                FEED.replace("staging", "production").getBytes(StandardCharsets.UTF_8), NOW);
        assertEquals("E_SYNC_FEED " + file + ":1:1", problem(file));

        Files.writeString(file, FEED);
        assertEquals("E_SYNC_FEED " + file + ":1:1", problem(file), "a feed, but not a saved one");

        SavedFeed.write(file, "http://flags", "staging", "1", null, FEED.getBytes(StandardCharsets.UTF_8), NOW);
        String saved = Files.readString(file);
        Files.writeString(file, saved.substring(0, saved.length() - 10));
        assertTrue(problem(file).startsWith("E_SYNC_FEED " + file + ":2:"), problem(file));

        Files.writeString(file, "gitflags: yes\n");
        assertEquals("E_SYNC_FEED " + file + ":1:10", problem(file), "not JSON at all: where the token ends");
    }

    private static String problem(Path file) {
        SavedFeed.Copy copy = SavedFeed.read(file, "staging").orElseThrow();
        assertFalse(copy.isValid());
        assertEquals(1, copy.result().problems().size(), copy.result().problems()::toString);
        var problem = copy.result().problems().get(0);
        return problem.code() + " " + problem.origin();
    }
}
