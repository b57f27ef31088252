package dev.gitflags;

import dev.gitflags.testing.Fixtures;
import dev.gitflags.testing.TestRepo;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The follower on a real git repository: new commits, an invalid one kept out, threads stopped on close. */
class FollowerTest {

    @TempDir
    Path dir;

    private final BlockingQueue<Follower.Event> events = new LinkedBlockingQueue<>();

    @Test
    void followsARefKeepsTheLastGoodSnapshotAndReportsAnInvalidCommit() throws Exception {
        try (TestRepo repo = Fixtures.Serving.repo(dir.resolve("work"))) {
            repo.bareClone(dir.resolve("bare.git")).close();
            try (TestRepo bare = TestRepo.open(dir.resolve("bare.git"));
                 Follower follower = ConfigRepository.gitRef(dir.resolve("bare.git"), "main")
                         .follow(Duration.ofMillis(20), events::add)) {
                Follower.Loaded first = assertInstanceOf(Follower.Loaded.class, next());
                assertTrue(first.previous().isEmpty());
                assertEquals(Map.of(), first.changed());

                String good = push(repo, Fixtures.Serving.STAGING.replace("Welcome to staging", "Hi"));
                Follower.Loaded second = assertInstanceOf(Follower.Loaded.class, next());
                assertEquals(good, second.version());
                assertEquals(Map.of("staging", Set.of("banner-text"), "dev", Set.of("banner-text")),
                        second.changed());

                String broken = push(repo, Fixtures.Serving.STAGING.replace("banner-text", "banner-txt"));
                Follower.Rejected rejected = assertInstanceOf(Follower.Rejected.class, next());
                assertEquals(broken, rejected.version());
                assertEquals("E_UNKNOWN_FLAG", rejected.problems().get(0).code());
                assertEquals("Hi", follower.current().orElseThrow()
                        .evaluate("staging", "banner-text", null).value());
                assertTrue(follower.status().isStale());
                assertEquals(good, follower.status().servedVersion().orElseThrow());

                push(repo, Fixtures.Serving.STAGING);
                Follower.Loaded fixed = assertInstanceOf(Follower.Loaded.class, next());
                assertEquals(Map.of("staging", Set.of("banner-text"), "dev", Set.of("banner-text")), fixed.changed());
                assertFalse(follower.status().isStale());
            }
            assertTrue(Thread.getAllStackTraces().keySet().stream()
                    .noneMatch(thread -> thread.getName().startsWith("gitflags-follower") && thread.isAlive()));
        }
    }

    @Test
    void anInvalidFirstVersionIsRejectedAndAValidOneLaterIsLoaded() throws Exception {
        try (TestRepo repo = Fixtures.Serving.repo(dir)) {
            repo.write("environments/staging.yaml", Fixtures.Serving.STAGING.replace("banner-text", "banner-txt"));
            repo.commit("broken from the start");
            try (Follower follower = ConfigRepository.gitRef(dir, "main").follow(Duration.ofMillis(20), events::add)) {
                assertInstanceOf(Follower.Rejected.class, next());
                assertTrue(follower.current().isEmpty());

                repo.write("environments/staging.yaml", Fixtures.Serving.STAGING);
                repo.commit("fixed");
                assertInstanceOf(Follower.Loaded.class, next());
                assertTrue(follower.current().isPresent());
            }
        }
    }

    /** Commits staging's file in the working clone and pushes it to the bare one. */
    private static String push(TestRepo repo, String staging) {
        repo.write("environments/staging.yaml", staging);
        String commit = repo.commit("staging").name();
        repo.git("push", "-q", "../bare.git", "main").ok();
        return commit;
    }

    private Follower.Event next() throws InterruptedException {
        Follower.Event event = events.poll(20, TimeUnit.SECONDS);
        assertNotNull(event, "no event within 20 s");
        return event;
    }
}
