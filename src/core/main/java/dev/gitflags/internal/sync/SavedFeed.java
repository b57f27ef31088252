package dev.gitflags.internal.sync;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gitflags.internal.LoadResult;
import dev.gitflags.internal.model.Origin;
import dev.gitflags.internal.model.Problem;
import dev.gitflags.internal.model.ProblemCode;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The last good sync feed saved to a file, so that a restarted service starts with it while the server is
 * unreachable. The file is the feed's own JSON with one more field in front, {@code saved} (the feed's URL, its
 * environment, ETag and commit, and when it was saved), which the {@link FeedReader} skips: so the file is read by
 * the same reader and every problem is located in the file itself. Written to a temporary file beside it and moved
 * over it, so a reader sees the old file or the new one, never half of one.
 */
public final class SavedFeed {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String HINT = "delete the file: the next answer of the server writes it again";

    /**
     * A saved copy read back.
     *
     * @param result  its snapshot, or the located problems that make the file unusable
     * @param etag    the feed's ETag when it was saved (null when the file is unusable)
     * @param savedAt when it was saved (null when the file is unusable)
     */
    public record Copy(LoadResult result, String etag, String commit, Instant savedAt) {
        public boolean isValid() {
            return result.isValid();
        }
    }

    private SavedFeed() {
    }

    /** Saves {@code body}, a valid feed of {@code environment} from {@code url}, atomically replacing {@code file}. */
    public static void write(Path file, String url, String environment, String etag, String commit, byte[] body,
                             Instant now) throws IOException {
        String feed = new String(body, StandardCharsets.UTF_8).strip();
        if (!feed.startsWith("{") || feed.substring(1).strip().startsWith("}")) {
            throw new IOException("not a feed to save: the body is no JSON object with fields");
        }
        ObjectNode saved = JSON.createObjectNode().put("url", url).put("environment", environment).put("etag", etag)
                .put("commit", commit).put("savedAt", now.toString());
        String text = "{\"saved\":" + JSON.writeValueAsString(saved) + ",\n" + feed.substring(1);
        Path folder = file.toAbsolutePath().getParent();
        Files.createDirectories(folder);
        Path temporary = Files.createTempFile(folder, file.getFileName().toString(), ".tmp");
        try {
            Files.writeString(temporary, text, StandardCharsets.UTF_8);
            try {
                Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(temporary);
        }
    }

    /**
     * The copy in {@code file}, if there is a file: its snapshot, or (a corrupt file, another environment's, not a
     * saved feed at all) the located problems. Never throws for bad content.
     */
    public static Optional<Copy> read(Path file, String environment) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException none) {
            return Optional.empty();
        } catch (IOException e) {
            return Optional.of(unusable(Origin.ofFile(file.toString()), "cannot read the saved feed: " + e));
        }
        JsonNode saved = savedField(bytes);
        LoadResult result = FeedReader.read(bytes, file.toString(), saved == null ? null
                : saved.path("commit").asText(null));
        if (!result.isValid()) {
            return Optional.of(new Copy(result, null, null, null));
        }
        Origin top = Origin.ofFile(file.toString());
        if (saved == null || !saved.path("etag").isTextual() || !saved.path("savedAt").isTextual()) {
            return Optional.of(unusable(top, "a sync feed, but not one saved by gitflags: no 'saved' field"));
        }
        if (!environment.equals(saved.path("environment").asText())) {
            return Optional.of(unusable(top, "the saved feed is environment '" + saved.path("environment").asText()
                    + "''s, not '" + environment + "''s"));
        }
        Instant savedAt;
        try {
            savedAt = Instant.parse(saved.get("savedAt").asText());
        } catch (RuntimeException e) {
            return Optional.of(unusable(top, "'savedAt' is not a time: " + saved.get("savedAt").asText()));
        }
        return Optional.of(new Copy(result, saved.get("etag").asText(), result.snapshot().commit(), savedAt));
    }

    private static JsonNode savedField(byte[] bytes) {
        try {
            JsonNode saved = JSON.readTree(bytes).get("saved");
            return saved != null && saved.isObject() ? saved : null;
        } catch (IOException | RuntimeException e) {
            return null; // not JSON: the feed reader says where
        }
    }

    private static Copy unusable(Origin origin, String message) {
        return new Copy(LoadResult.invalid(List.of(Problem.of(ProblemCode.E_SYNC_FEED, origin, message, HINT))),
                null, null, null);
    }
}
