package dev.gitflags.testing;

import org.apache.sshd.common.config.keys.PublicKeyEntry;
import org.apache.sshd.server.SshServer;
import org.apache.sshd.server.config.keys.AuthorizedKeysAuthenticator;
import org.apache.sshd.server.keyprovider.SimpleGeneratorHostKeyProvider;
import org.apache.sshd.server.shell.ProcessShellCommandFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;

/**
 * A real SSH server on 127.0.0.1 (Apache MINA sshd, which JGit's SSH client is built on) that lets in one public
 * key and runs what the client asks with the shell, so {@code git-upload-pack '/path/repo.git'} is git's own. Makes
 * the client's key pair with the real {@code ssh-keygen} and writes a known_hosts file that lists its host key.
 */
public final class GitSshServer implements AutoCloseable {

    private final SshServer server;
    private final Path clientKey;
    private final Path knownHosts;

    private GitSshServer(SshServer server, Path clientKey, Path knownHosts) {
        this.server = server;
        this.clientKey = clientKey;
        this.knownHosts = knownHosts;
    }

    /** Starts a server whose files (host key, client key pair, known_hosts) live in {@code dir}. */
    public static GitSshServer start(Path dir) throws IOException, InterruptedException, GeneralSecurityException {
        Files.createDirectories(dir);
        Path key = dir.resolve("id_ecdsa");
        Process keygen = new ProcessBuilder("ssh-keygen", "-q", "-t", "ecdsa", "-b", "256", "-N", "", "-C", "deploy",
                "-f", key.toString()).redirectErrorStream(true).start();
        String said = new String(keygen.getInputStream().readAllBytes());
        if (keygen.waitFor() != 0) {
            throw new IOException("ssh-keygen failed: " + said);
        }
        Path authorized = Files.copy(dir.resolve("id_ecdsa.pub"), dir.resolve("authorized_keys"));
        SshServer server = SshServer.setUpDefaultServer();
        server.setHost("127.0.0.1");
        server.setPort(0);
        SimpleGeneratorHostKeyProvider hostKeys = new SimpleGeneratorHostKeyProvider(dir.resolve("host_key"));
        hostKeys.setAlgorithm("EC");
        server.setKeyPairProvider(hostKeys);
        server.setPublickeyAuthenticator(new AuthorizedKeysAuthenticator(authorized));
        server.setPasswordAuthenticator(null);
        server.setKeyboardInteractiveAuthenticator(null);
        server.setCommandFactory(ProcessShellCommandFactory.INSTANCE);
        server.start();
        KeyPair host = hostKeys.loadKeys(null).iterator().next();
        Path knownHosts = Files.writeString(dir.resolve("known_hosts"),
                "[127.0.0.1]:" + server.getPort() + " " + PublicKeyEntry.toString(host.getPublic()) + "\n");
        return new GitSshServer(server, key, knownHosts);
    }

    /** {@code ssh://git@127.0.0.1:PORT/absolute/path}. */
    public String url(Path repository) {
        return "ssh://git@127.0.0.1:" + server.getPort() + repository.toAbsolutePath();
    }

    public Path clientKey() {
        return clientKey;
    }

    public Path knownHosts() {
        return knownHosts;
    }

    /** A known_hosts file in {@code dir} that lists another key for this server, as after a host key change. */
    public Path wrongKnownHosts(Path dir) throws IOException, GeneralSecurityException {
        SimpleGeneratorHostKeyProvider other = new SimpleGeneratorHostKeyProvider(dir.resolve("other_host_key"));
        other.setAlgorithm("EC");
        KeyPair key = other.loadKeys(null).iterator().next();
        return Files.writeString(dir.resolve("wrong_known_hosts"),
                "[127.0.0.1]:" + server.getPort() + " " + PublicKeyEntry.toString(key.getPublic()) + "\n");
    }

    @Override
    public void close() throws IOException {
        server.stop(true);
    }
}
