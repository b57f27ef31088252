package dev.gitflags.server.web;

import dev.gitflags.internal.Snapshot;
import dev.gitflags.server.FlagServer;
import dev.gitflags.server.ServedState;
import dev.gitflags.server.ServerOptions;
import dev.gitflags.testing.TestRepo;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.function.Predicate;

import static org.junit.jupiter.api.Assertions.fail;

/**
 * The project's {@code example-repo/} committed into a fresh git repo in a temp folder, served by the real
 * server at HEAD on a random port, polling fast so a new commit is seen within a fraction of a second.
 */
final class ServedExampleRepo implements AutoCloseable {

    private final TestRepo repo;
    private final FlagServer server;

    private ServedExampleRepo(TestRepo repo, FlagServer server) {
        this.repo = repo;
        this.server = server;
    }

    static ServedExampleRepo start(Path dir) throws Exception {
        TestRepo repo = TestRepo.init(dir).copyFrom(Path.of("example-repo"));
        repo.commit("example repo");
        try {
            return new ServedExampleRepo(repo, FlagServer.start(ServerOptions.of(dir, "HEAD", 0,
                    Duration.ofMillis(150))));
        } catch (Exception | Error e) {
            repo.close();
            throw e;
        }
    }

    String url() {
        return server.url();
    }

    Snapshot snapshot() {
        return server.holder().current().snapshot();
    }

    /** Writes one file of the config repo and commits it; returns the new commit's SHA. */
    String commit(String path, String content) {
        return repo.write(path, content).commitOnly(path, "change " + path).name();
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
    public void close() {
        try {
            server.close();
        } finally {
            repo.close();
        }
    }
}
