package dev.gitflags.server;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * The optional secrets that requests must present ({@code Authorization: Bearer …} or {@code X-API-Key}), each with
 * the {@link Scope}s it opens: the full token ({@code --token-file}, {@code GITFLAGS_TOKEN}) opens every scope, an
 * evaluate token only evaluation, a definitions token the definitions (and evaluation, which they decide). Only
 * their SHA-256 is kept; a presented token is hashed and compared with every one in constant time, so neither the
 * content nor the length of a secret leaks through timing.
 */
public final class ApiToken {

    /** What a token opens; each endpoint needs one (README, "Tokens and scopes"). */
    public enum Scope {
        /** OFREP evaluation and the evaluation event streams: values, never rules. */
        EVALUATE,
        /** Resolved flags with their rules, the matrix and web view data, the sync feeds, /status. */
        DEFINITIONS
    }

    private static final ApiToken NONE = new ApiToken(List.of());
    private static final String BEARER = "Bearer ";

    private record Grant(byte[] digest, Set<Scope> scopes) {
    }

    private final List<Grant> grants;

    private ApiToken(List<Grant> grants) {
        this.grants = List.copyOf(grants);
    }

    /** No token: every request is allowed. */
    public static ApiToken none() {
        return NONE;
    }

    /** A required token that opens every scope; blank means none. */
    public static ApiToken of(String secret) {
        return NONE.with(secret, EnumSet.allOf(Scope.class));
    }

    /**
     * These tokens and also {@code secret} (blank: none) for {@code scope}: an evaluate token opens evaluation only,
     * a definitions token the definitions and evaluation.
     */
    public ApiToken withScoped(Scope scope, String secret) {
        return with(secret, scope == Scope.EVALUATE ? EnumSet.of(Scope.EVALUATE) : EnumSet.allOf(Scope.class));
    }

    private ApiToken with(String secret, Set<Scope> scopes) {
        if (secret == null || secret.isBlank()) {
            return this;
        }
        List<Grant> more = new ArrayList<>(grants);
        more.add(new Grant(sha256(secret.strip()), Set.copyOf(scopes)));
        return new ApiToken(more);
    }

    public boolean isRequired() {
        return !grants.isEmpty();
    }

    /** True when no token is required, or {@code presented} is one of the tokens, whatever its scopes. */
    public boolean admits(String presented) {
        return !isRequired() || !scopesOf(presented).isEmpty();
    }

    /** True when no token is required, or {@code presented} is a token that opens {@code scope}. */
    public boolean admits(String presented, Scope scope) {
        return !isRequired() || scopesOf(presented).contains(scope);
    }

    /** The scopes {@code presented} opens: none when it is no token. Every token is compared, found or not. */
    Set<Scope> scopesOf(String presented) {
        if (presented == null) {
            return Set.of();
        }
        byte[] digest = sha256(presented);
        Set<Scope> scopes = EnumSet.noneOf(Scope.class);
        for (Grant grant : grants) {
            if (MessageDigest.isEqual(grant.digest(), digest)) {
                scopes.addAll(grant.scopes());
            }
        }
        return scopes;
    }

    /** The token a request presents: the bearer of {@code Authorization}, else {@code X-API-Key}; null for none. */
    static String presented(String authorization, String apiKey) {
        if (authorization != null && authorization.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
            return authorization.substring(BEARER.length()).strip();
        }
        return apiKey == null ? null : apiKey.strip();
    }

    /**
     * A secret that only a server holding these same tokens can derive: the key of {@link StreamCredentials}, so
     * that replicas configured alike accept each other's stream credentials.
     */
    byte[] derivedKey(String purpose) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update(purpose.getBytes(StandardCharsets.UTF_8));
            for (Grant grant : grants) {
                sha.update(grant.digest());
            }
            return sha.digest();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }

    private static byte[] sha256(String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
