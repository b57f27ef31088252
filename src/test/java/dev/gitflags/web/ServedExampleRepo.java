package dev.gitflags.web;

import dev.gitflags.Snapshot;
import dev.gitflags.server.FlagServer;
import dev.gitflags.server.ServedState;
import dev.gitflags.server.ServerOptions;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.lib.PersonIdent;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.function.Predicate;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.fail;

/**
 * The project's {@code example-repo/} committed into a fresh git repo in a temp folder, served by the real
 * server at HEAD on a random port, polling fast so a new commit is seen within a fraction of a second.
 */
final class ServedExampleRepo implements AutoCloseable {

    private static final PersonIdent AUTHOR = new PersonIdent("Web Test", "web@example.org");

    private final Git git;
    private final FlagServer server;

    private ServedExampleRepo(Git git, FlagServer server) {
        this.git = git;
        this.server = server;
    }

    static ServedExampleRepo start(Path dir) throws Exception {
        Path source = Path.of("example-repo");
        try (Stream<Path> files = Files.walk(source)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                Path target = dir.resolve(source.relativize(file).toString());
                Files.createDirectories(target.getParent());
                Files.copy(file, target);
            }
        }
        Git git = Git.init().setDirectory(dir.toFile()).setInitialBranch("main").call();
        git.add().addFilepattern(".").call();
        git.commit().setMessage("example repo").setAuthor(AUTHOR).setCommitter(AUTHOR).setSign(false).call();
        FlagServer server = FlagServer.start(ServerOptions.of(dir, "HEAD", 0, Duration.ofMillis(150)));
        return new ServedExampleRepo(git, server);
    }

    String url() {
        return server.url();
    }

    Snapshot snapshot() {
        return server.holder().current().snapshot();
    }

    /** Writes one file of the config repo and commits it; returns the new commit's SHA. */
    String commit(String path, String content) throws Exception {
        Path file = git.getRepository().getWorkTree().toPath().resolve(path);
        Files.writeString(file, content);
        git.add().addFilepattern(path).call();
        return git.commit().setMessage("change " + path).setAuthor(AUTHOR).setCommitter(AUTHOR).setSign(false)
                .call().getName();
    }

    /** Waits (≤ 10 s) until the server's state satisfies {@code condition}. */
    ServedState await(Predicate<ServedState> condition) throws InterruptedException {
        Instant deadline = Instant.now().plusSeconds(10);
        while (Instant.now().isBefore(deadline)) {
            ServedState state = server.holder().current();
            if (condition.test(state)) {
                return state;
            }
            Thread.sleep(50);
        }
        return fail("the server did not reach the expected state within 10 s: " + server.holder().current());
    }

    @Override
    public void close() throws IOException {
        try {
            server.close();
        } finally {
            git.close();
        }
    }
}
