package dev.gitflags.server;

import org.eclipse.jgit.transport.URIish;

import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Set;

/**
 * A git repository the server fetches from ({@code serve --repo URL}) into a bare copy in {@code cacheDir}.
 * The URL JGit is given carries no password (and, over HTTP, no user): credentials go through {@link GitCredentials},
 * so no message JGit writes can contain them, and {@link #display()} shows the URL with its user part as
 * {@code ***}. Nothing else of this record reveals a secret: it is what logs and /status may print.
 *
 * @param url         the URL without secrets, as JGit connects to it
 * @param display     the URL as logs and /status show it: any user or password replaced by {@code ***}
 * @param cacheDir    the folder of the bare copy: created on the first start, fetched into afterwards
 * @param credentials what to answer a server that asks; {@link GitCredentials#NONE} when nothing was given
 * @param timeout     how long one connection may stay silent before the fetch fails
 * @param ssh         the key and known hosts of an {@code ssh://} remote; null for the other schemes
 */
public record GitRemote(String url, String display, Path cacheDir, GitCredentials credentials, Duration timeout,
                        SshAccess ssh) {

    /** How long a fetch may wait for the remote to say something: a stuck remote fails the poll, not the server. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);

    private static final Set<String> SCHEMES = Set.of("https", "http", "ssh", "git", "file");

    /** Whether {@code repo}, as given to {@code --repo}, is a URL rather than a folder. */
    public static boolean isUrl(String repo) {
        return repo.matches("(?i)[a-z][a-z0-9+.-]*://.*");
    }

    /**
     * The remote at {@code text}. Over HTTP(S), {@code token} (null: none) is sent as the basic-auth password under
     * the URL's user or {@link GitCredentials#TOKEN_USER}; without a token, a user and password in the URL are.
     *
     * @throws IllegalArgumentException with a message for people when {@code text} is no URL gitflags fetches
     */
    public static GitRemote parse(String text, Path cacheDir, String token) {
        URIish uri;
        try {
            uri = new URIish(text);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("'" + redact(text) + "' is not a git URL: " + e.getReason());
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!SCHEMES.contains(scheme)) {
            throw new IllegalArgumentException("'" + redact(text) + "' is not a URL gitflags fetches from: use "
                    + "https://, ssh://, git:// or file:// (or a folder; git@host:path is ssh://git@host/path)");
        }
        boolean http = scheme.startsWith("http");
        if (token != null && !http) {
            throw new IllegalArgumentException("a token is sent over https:// only, not to " + redact(text));
        }
        GitCredentials answered = GitCredentials.NONE;
        if (token != null) {
            answered = GitCredentials.token(uri.getUser(), token);
        } else if (http && (uri.getUser() != null || uri.getPass() != null)) {
            answered = GitCredentials.password(uri.getUser(), uri.getPass() == null ? "" : uri.getPass());
        }
        // Over HTTP the user is part of the credentials (a token often stands there); over SSH it is the login.
        URIish clean = uri.setPass(null);
        if (http) {
            clean = clean.setUser(null);
        }
        String url = clean.toString();
        // URIish would escape the stars; the user part is put back as text instead.
        String shown = uri.getUser() != null || uri.getPass() != null
                ? new URIish().setScheme(uri.getScheme()).setHost(uri.getHost()).setPort(uri.getPort())
                        .setPath(uri.getPath()).toString().replaceFirst("://", "://***@")
                : url;
        return new GitRemote(url, shown, cacheDir, answered, DEFAULT_TIMEOUT, null);
    }

    /** Whether this remote is reached over SSH, which needs {@link #withSsh}. */
    public boolean isSsh() {
        return url.startsWith("ssh://");
    }

    /** This remote logging in with {@code access}. */
    public GitRemote withSsh(SshAccess access) {
        return new GitRemote(url, display, cacheDir, credentials, timeout, access);
    }

    /** {@code text} with whatever stands between {@code ://} and {@code @} replaced by {@code ***}. */
    static String redact(String text) {
        return text.replaceFirst("^([^:/]*://)[^/@]*@", "$1***@");
    }

    /** For logs and /status: the displayed URL and the ref followed. */
    public String describe(String ref) {
        return display + " @ " + ref;
    }

    /** {@code message} with any secret of the credentials and the URL's user part masked, for logs and /status. */
    public String mask(String message) {
        return credentials.mask(message == null ? "" : message);
    }
}
