package dev.gitflags.server;

import dev.gitflags.internal.follow.FollowLoop;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpRequest;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Entity tags and {@code If-None-Match}. A representation is a function of the snapshot version and what the
 * request selected (environment, body), so the ETag is derived from those and computed before any body is built.
 */
public final class ETags {

    private ETags() {
    }

    /**
     * A strong ETag of what {@code state} serves (its config files' id, so a commit that leaves them alone keeps
     * it) and the parts that select the representation.
     */
    public static String of(ServedState state, String... parts) {
        StringBuilder tag = new StringBuilder(64).append('"').append(FollowLoop.shortVersion(state.content()));
        for (String part : parts) {
            tag.append('.').append(part);
        }
        return tag.append('"').toString();
    }

    /**
     * A strong ETag of one environment's definitions ({@link DefinitionsFeed#digest}) and the parts that select the
     * representation: it changes only when what that environment serves does.
     */
    public static String ofDefinitions(String digest, String... parts) {
        StringBuilder tag = new StringBuilder(64).append('"').append(digest);
        for (String part : parts) {
            tag.append('.').append(part);
        }
        return tag.append('"').toString();
    }

    /** A short, ETag-safe digest of arbitrary bytes (a request body, say). */
    public static String digest(byte[] bytes) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(bytes);
            return HexFormat.of().formatHex(hash, 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }

    /** A digest of a text, for parts that may hold characters an ETag must not. */
    public static String digest(String text) {
        return digest(text.getBytes(StandardCharsets.UTF_8));
    }

    /** True when the request's {@code If-None-Match} names {@code etag} (weak comparison) or is {@code *}. */
    public static boolean notModified(HttpRequest<?> request, String etag) {
        String header = request.getHeaders().get(HttpHeaders.IF_NONE_MATCH);
        if (header == null) {
            return false;
        }
        String wanted = opaque(etag);
        for (String candidate : header.split(",")) {
            String tag = candidate.trim();
            if (tag.equals("*") || opaque(tag).equals(wanted)) {
                return true;
            }
        }
        return false;
    }

    private static String opaque(String tag) {
        return tag.startsWith("W/") ? tag.substring(2) : tag;
    }
}
