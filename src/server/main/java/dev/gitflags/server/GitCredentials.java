package dev.gitflags.server;

import org.eclipse.jgit.transport.CredentialsProvider;
import org.eclipse.jgit.transport.UsernamePasswordCredentialsProvider;

import java.util.Objects;

/**
 * What the server answers a git remote that asks who it is: a user and password (or token) for HTTPS basic auth,
 * read from a file or the URL. Its {@link #toString()} says nothing of them, so an options record that holds it
 * can be printed.
 */
public final class GitCredentials {

    /** No credentials: a public remote, or one that git:// or file:// reaches. */
    public static final GitCredentials NONE = new GitCredentials(null, null);

    /**
     * The user name sent with a token when the URL names none: GitHub's documented one; GitLab, Gitea and
     * Bitbucket accept any non-empty name beside a token.
     */
    public static final String TOKEN_USER = "x-access-token";

    private final String user;
    private final String password;

    private GitCredentials(String user, String password) {
        this.user = user;
        this.password = password;
    }

    /** A token (GitHub, GitLab, Gitea, Bitbucket) as the basic-auth password, under {@code user} or {@link #TOKEN_USER}. */
    public static GitCredentials token(String user, String token) {
        return new GitCredentials(user == null || user.isEmpty() ? TOKEN_USER : user, Objects.requireNonNull(token));
    }

    /** A user and password, as a URL such as {@code https://user:password@host/repo} gives them. */
    static GitCredentials password(String user, String password) {
        return new GitCredentials(user == null ? "" : user, password);
    }

    public boolean isGiven() {
        return user != null;
    }

    /** For JGit's transports; null when none were given, so that a server asking fails the fetch with its reason. */
    CredentialsProvider provider() {
        return isGiven() ? new UsernamePasswordCredentialsProvider(user, password) : null;
    }

    /** {@code message} with the password, and a user that may be a token, masked. */
    String mask(String message) {
        String masked = message;
        if (password != null && !password.isEmpty()) {
            masked = masked.replace(password, "***");
        }
        if (user != null && user.length() >= 8 && !TOKEN_USER.equals(user)) {
            masked = masked.replace(user, "***");
        }
        return masked;
    }

    @Override
    public String toString() {
        return isGiven() ? "GitCredentials[given, not shown]" : "GitCredentials[none]";
    }
}
