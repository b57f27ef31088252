package dev.gitflags.server;

import org.eclipse.jgit.transport.sshd.SshdSessionFactory;
import org.eclipse.jgit.transport.sshd.SshdSessionFactoryBuilder;

import java.nio.file.Path;
import java.util.List;

/**
 * How the server logs in to an {@code ssh://} remote: one private key file (unencrypted; a read-only deploy key)
 * and a known_hosts file that must list the server's host key. Nothing else of the machine's SSH setup is read
 * (no {@code ~/.ssh/config}, no agent, no other key), and an unknown or changed host key fails the fetch.
 */
public record SshAccess(Path keyFile, Path knownHosts) {

    /** A session factory for one clone or fetch; close it after. */
    SshdSessionFactory sessions() {
        Path keys = keyFile.toAbsolutePath();
        Path hosts = knownHosts.toAbsolutePath();
        return new SshdSessionFactoryBuilder()
                // The folders JGit would read the user's setup from: the key's own, never ~/.ssh.
                .setHomeDirectory(keys.getParent().toFile())
                .setSshDirectory(keys.getParent().toFile())
                .setConfigStoreFactory((home, config, user) -> null)
                .setDefaultIdentities(dir -> List.of(keys))
                .setDefaultKnownHostsFiles(dir -> List.of(hosts))
                .setPreferredAuthentications("publickey")
                .build(null);
    }
}
