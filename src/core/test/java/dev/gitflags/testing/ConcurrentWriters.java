package dev.gitflags.testing;

import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.lib.Repository;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Writers racing on one repository, for the tests of generated commits (promote, retire): each writer opens its own
 * {@link Repository}, as separate processes would, and all start together once every one is ready.
 */
public final class ConcurrentWriters {

    /** One writer's work: {@code writer} counts from 1. */
    @FunctionalInterface
    public interface Writer<T> {
        T write(Repository repository, int writer) throws Exception;
    }

    private ConcurrentWriters() {
    }

    /** Runs {@code writers} writers on the repository at {@code gitDir} at once; their results, in writer order. */
    public static <T> List<T> race(Path gitDir, int writers, Writer<T> work) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(writers);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<T>> futures = new ArrayList<>();
        for (int i = 1; i <= writers; i++) {
            int writer = i;
            futures.add(pool.submit(() -> {
                try (Repository repository = Git.open(gitDir.toFile()).getRepository()) {
                    start.await();
                    return work.write(repository, writer);
                }
            }));
        }
        start.countDown();
        pool.shutdown();
        assertTrue(pool.awaitTermination(120, TimeUnit.SECONDS), "the writers did not finish within 120 s");
        List<T> results = new ArrayList<>();
        for (Future<T> future : futures) {
            results.add(future.get());
        }
        return results;
    }
}
