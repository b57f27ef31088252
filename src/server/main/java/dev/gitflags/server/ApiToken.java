package dev.gitflags.server;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * The optional shared secret that requests must present ({@code Authorization: Bearer …} or {@code X-API-Key}).
 * Only its SHA-256 is kept; presented tokens are hashed and compared in constant time, so neither the content
 * nor the length of the secret leaks through timing.
 */
public final class ApiToken {

    private static final ApiToken NONE = new ApiToken(null);

    private final byte[] digest;

    private ApiToken(byte[] digest) {
        this.digest = digest;
    }

    /** No token: every request is allowed. */
    public static ApiToken none() {
        return NONE;
    }

    /** A required token; blank means none. */
    public static ApiToken of(String secret) {
        return secret == null || secret.isBlank() ? NONE : new ApiToken(sha256(secret.strip()));
    }

    public boolean isRequired() {
        return digest != null;
    }

    /** True when no token is required, or {@code presented} is the token. */
    public boolean admits(String presented) {
        if (digest == null) {
            return true;
        }
        return presented != null && MessageDigest.isEqual(digest, sha256(presented));
    }

    private static byte[] sha256(String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
