package dev.gitflags.cli;

import dev.gitflags.server.GitCredentials;
import dev.gitflags.server.GitRemote;
import dev.gitflags.server.SshAccess;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * {@code serve}'s options for {@code --repo URL}: the cache folder of the bare copy and the credentials' files.
 * Secrets are read from files only, never from the command line, where {@code ps} shows them.
 */
public final class RemoteOptions {

    @Option(names = "--cache-dir", paramLabel = "DIR",
            description = "With --repo URL: the folder of the bare copy, cloned when it is missing or empty and "
                    + "fetched into every --poll; nothing else is written. Required with a URL.")
    Path cacheDir;

    @Option(names = "--git-token-file", paramLabel = "FILE",
            description = "With an https:// --repo: a file holding the token (or password) sent as HTTP basic "
                    + "auth, under the URL's user or else '" + GitCredentials.TOKEN_USER + "'.")
    Path tokenFile;

    @Option(names = "--ssh-key-file", paramLabel = "FILE",
            description = "With an ssh:// --repo: the private key to log in with (unencrypted, e.g. a read-only "
                    + "deploy key). Nothing else of ~/.ssh is read.")
    Path sshKeyFile;

    @Option(names = "--known-hosts-file", paramLabel = "FILE",
            description = "With an ssh:// --repo: the known_hosts file that lists the server's host key; an "
                    + "unknown or changed key fails the fetch.")
    Path knownHostsFile;

    /**
     * The remote {@code repo} names, or null when it names a folder (and no remote option was given).
     *
     * @throws CommandFailure for a remote option without a URL, a URL without --cache-dir, or an unusable URL
     */
    GitRemote remote(String repo) throws IOException {
        if (!GitRemote.isUrl(repo)) {
            if (cacheDir != null || tokenFile != null || sshKeyFile != null || knownHostsFile != null) {
                throw CommandFailure.usage("--cache-dir, --git-token-file, --ssh-key-file and --known-hosts-file "
                        + "go with --repo URL, not a folder");
            }
            return null;
        }
        if (cacheDir == null) {
            throw CommandFailure.usage("--repo URL needs --cache-dir DIR, the folder of the copy it fetches into");
        }
        GitRemote remote;
        try {
            remote = GitRemote.parse(repo, cacheDir, token());
        } catch (IllegalArgumentException unusable) {
            throw CommandFailure.usage(unusable.getMessage());
        }
        if (!remote.isSsh()) {
            if (sshKeyFile != null || knownHostsFile != null) {
                throw CommandFailure.usage("--ssh-key-file and --known-hosts-file go with an ssh:// --repo");
            }
            return remote;
        }
        if (sshKeyFile == null || knownHostsFile == null) {
            throw CommandFailure.usage("an ssh:// --repo needs --ssh-key-file FILE and --known-hosts-file FILE");
        }
        for (Path file : new Path[] {sshKeyFile, knownHostsFile}) {
            if (!Files.isReadable(file)) {
                throw CommandFailure.usage("cannot read " + file);
            }
        }
        return remote.withSsh(new SshAccess(sshKeyFile, knownHostsFile));
    }

    private String token() throws IOException {
        return tokenFile == null ? null : SecretFiles.read(tokenFile, "git token file");
    }
}
