package dev.gitflags.server;

import io.micronaut.context.annotation.Value;
import jakarta.inject.Singleton;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;

/**
 * Short-lived credentials for one environment's event stream, for clients that cannot send a header
 * ({@code EventSource}): the advertised stream URL carries one as {@code ?credential=…}. A credential is
 * {@code <expiry>.<HMAC-SHA256(environment, expiry)>}, keyed by a secret derived from the configured tokens, so it
 * opens that environment's stream and nothing else, until it expires. Credentials are issued per window of
 * {@code gitflags.events.credential-ttl} (default 10 minutes) and expire at the end of the next window (10 to 20
 * minutes after issue): within a window every answer carries the same one, so the OFREP bulk ETag changes once per
 * window, and a client whose connection dropped re-fetches a fresh one. An open stream is not cut at expiry.
 * Never logged, never in /status.
 */
@Singleton
public final class StreamCredentials {

    private final ApiToken token;
    private final long windowSeconds;
    private final SecretKeySpec key;

    public StreamCredentials(ApiToken token, @Value("${gitflags.events.credential-ttl:10m}") Duration ttl) {
        this.token = token;
        this.windowSeconds = Math.max(1, ttl.toSeconds());
        this.key = new SecretKeySpec(token.derivedKey("gitflags event stream credential v1"), "HmacSHA256");
    }

    /** Whether streams need a credential (a token is configured). */
    public boolean required() {
        return token.isRequired();
    }

    /** The window {@code now} is in; part of the OFREP bulk ETag while credentials are required. */
    public long window(Instant now) {
        return Math.floorDiv(now.getEpochSecond(), windowSeconds);
    }

    /** A credential for {@code env}'s stream, the same for every call in {@code now}'s window. */
    public String issue(String env, Instant now) {
        long expiry = (window(now) + 2) * windowSeconds;
        return expiry + "." + mac(env, expiry);
    }

    /** True when {@code credential} was issued for {@code env} and has not expired at {@code now}. */
    public boolean admits(String credential, String env, Instant now) {
        if (credential == null) {
            return false;
        }
        int dot = credential.indexOf('.');
        long expiry;
        try {
            expiry = Long.parseLong(credential.substring(0, Math.max(dot, 0)));
        } catch (NumberFormatException e) {
            return false;
        }
        byte[] expected = mac(env, expiry).getBytes(StandardCharsets.US_ASCII);
        byte[] given = credential.substring(dot + 1).getBytes(StandardCharsets.US_ASCII);
        return MessageDigest.isEqual(expected, given) && now.getEpochSecond() < expiry;
    }

    private String mac(String env, long expiry) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            byte[] tag = mac.doFinal((env + "\n" + expiry).getBytes(StandardCharsets.UTF_8));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(tag);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
        }
    }
}
