package dev.gitflags;

import dev.gitflags.testing.Fixtures;
import dev.gitflags.testing.TestRepo;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The follower on a real git repository: new commits, an invalid one kept out, loads that fail, time out or cannot
 * read (with the reasons the server's /status gives, since both follow by the same rule), threads stopped on close.
 */
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

    @Test
    void startThrowsForASourceThatCannotBeReadYetAndStartWaitingReportsItAndLoadsItsFirstVersion() throws Exception {
        try (TestRepo repo = TestRepo.init(dir)) {
            ConfigRepository branch = ConfigRepository.gitRef(dir, "main"); // not created yet: nothing committed
            IOException thrown = org.junit.jupiter.api.Assertions.assertThrows(IOException.class,
                    () -> Follower.start(branch.source(), Duration.ofMillis(20), Duration.ofSeconds(30), events::add));
            assertTrue(events.isEmpty(), "start tells the caller, not the listener: " + thrown);

            try (Follower follower = Follower.startWaiting(branch.source(), Duration.ofMillis(20),
                    Duration.ofSeconds(30), events::add)) {
                Follower.Rejected unreadable = assertInstanceOf(Follower.Rejected.class, events.poll(),
                        "delivered before startWaiting returns");
                assertNull(unreadable.version());
                assertTrue(unreadable.reason().startsWith("cannot read ") && unreadable.reason().contains("main"),
                        unreadable.reason());
                assertTrue(follower.current().isEmpty());
                assertEquals(unreadable, follower.status().rejected().orElseThrow());

                repo.write(Fixtures.Serving.files()).commit("the first commit");
                Follower.Loaded loaded = assertInstanceOf(Follower.Loaded.class, next(), "polling went on");
                assertEquals(repo.head(), loaded.version());
                assertTrue(follower.current().isPresent());
                assertTrue(events.isEmpty(), "the repeated unreadable polls were reported once: " + events);
            }
        }
    }

    @Test
    void aLoadThatFailsRunsPastTheTimeoutOrCannotReadIsRejectedWithItsReasonAndAtMostOneLoadRuns() throws Exception {
        try (TestRepo repo = Fixtures.Serving.repo(dir)) {
            // Warm: a cold first load on a busy machine must not be what runs past the timeout.
            assertTrue(ConfigRepository.gitRef(dir, "main").load().isValid());
            TroubledSource source = new TroubledSource(ConfigRepository.gitRef(dir, "main").source());
            try (Follower follower = Follower.start(source, Duration.ofMillis(20), Duration.ofSeconds(3),
                    events::add)) {
                String good = assertInstanceOf(Follower.Loaded.class, next()).version();

                source.trouble = Trouble.ERROR;
                String overflow = commit(repo, "Overflow");
                Follower.Rejected failed = assertInstanceOf(Follower.Rejected.class, next());
                assertEquals(overflow, failed.version());
                assertEquals("load failed: java.lang.StackOverflowError", failed.reason());
                assertEquals(good, follower.status().servedVersion().orElseThrow(), "the last good one stays");

                source.trouble = Trouble.SLOW;
                String slow = commit(repo, "Slow");
                Follower.Rejected timedOut = assertInstanceOf(Follower.Rejected.class, next());
                assertEquals(slow, timedOut.version());
                assertEquals("load exceeded 3s", timedOut.reason());
                source.trouble = Trouble.NONE;
                String next = commit(repo, "Next");
                assertNull(events.poll(500, TimeUnit.MILLISECONDS), "no load beside the abandoned one");
                source.release.countDown();
                assertEquals(next, assertInstanceOf(Follower.Loaded.class, next()).version());
                assertEquals(1, source.mostAtOnce.get(), "at most one load ran at a time");

                source.trouble = Trouble.UNREADABLE_VERSION;
                String unreadable = commit(repo, "Unreadable");
                Follower.Rejected unread = assertInstanceOf(Follower.Rejected.class, next());
                assertEquals(unreadable, unread.version());
                assertEquals("cannot read version " + unreadable.substring(0, 12) + ": disk gone", unread.reason());
                source.trouble = Trouble.NONE;
                assertEquals(unreadable, assertInstanceOf(Follower.Loaded.class, next()).version(), "tried again");

                source.trouble = Trouble.UNREADABLE_SOURCE;
                Follower.Rejected gone = assertInstanceOf(Follower.Rejected.class, next());
                assertNull(gone.version(), "the source could not be read");
                assertEquals("cannot read " + source.description() + ": ref gone", gone.reason());
                assertNull(events.poll(300, TimeUnit.MILLISECONDS), "a lasting failure is reported once");
                assertEquals(unreadable, follower.status().servedVersion().orElseThrow());
                source.trouble = Trouble.NONE;
                assertEquals(unreadable, assertInstanceOf(Follower.Loaded.class, next()).version());
                assertFalse(follower.status().isStale());
            } finally {
                source.release.countDown();
            }
        }
    }

    @Test
    void aPollThatCloseInterruptsIsNotReported() throws Exception {
        try (TestRepo repo = Fixtures.Serving.repo(dir)) {
            TroubledSource source = new TroubledSource(ConfigRepository.gitRef(dir, "main").source());
            Follower follower = Follower.start(source, Duration.ofMillis(20), Duration.ofSeconds(10), events::add);
            assertInstanceOf(Follower.Loaded.class, next());
            source.trouble = Trouble.FETCH_UNTIL_INTERRUPTED;
            assertTrue(source.fetching.await(20, TimeUnit.SECONDS), "a poll is fetching");
            follower.close();
            assertNull(events.poll(200, TimeUnit.MILLISECONDS), "the fetch close interrupted is no rejection");
        }
    }

    /** What {@link TroubledSource} does to the next load, or to reading the current version. */
    private enum Trouble { NONE, ERROR, SLOW, UNREADABLE_VERSION, UNREADABLE_SOURCE, FETCH_UNTIL_INTERRUPTED }

    /** A real repository's source whose loads throw an Error, hang or cannot read, on demand. */
    private static final class TroubledSource implements Source {
        private final Source source;
        private final CountDownLatch release = new CountDownLatch(1);
        private final CountDownLatch fetching = new CountDownLatch(1);
        private final AtomicInteger running = new AtomicInteger();
        private final AtomicInteger mostAtOnce = new AtomicInteger();
        private volatile Trouble trouble = Trouble.NONE;

        TroubledSource(Source source) {
            this.source = source;
        }

        @Override
        public String description() {
            return source.description();
        }

        @Override
        public String currentVersion() throws IOException {
            if (trouble == Trouble.UNREADABLE_SOURCE) {
                throw new IOException("ref gone");
            }
            if (trouble == Trouble.FETCH_UNTIL_INTERRUPTED) {
                // A remote source's fetch before each read: closing interrupts it, and it fails like a fetch does.
                fetching.countDown();
                try {
                    Thread.sleep(Long.MAX_VALUE);
                } catch (InterruptedException e) {
                    throw new InterruptedIOException("fetch interrupted");
                }
            }
            return source.currentVersion();
        }

        @Override
        public LoadOutcome load(String version, Duration timeout) throws IOException {
            mostAtOnce.accumulateAndGet(running.incrementAndGet(), Math::max);
            try {
                switch (trouble) {
                    case ERROR -> throw new StackOverflowError();
                    case UNREADABLE_VERSION -> throw new IOException("disk gone");
                    // A load that cannot check its deadline (one huge file, say): it runs on until released.
                    case SLOW -> release.await();
                    default -> { }
                }
                return source.load(version, timeout);
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            } finally {
                running.decrementAndGet();
            }
        }

        @Override
        public void close() throws IOException {
            source.close();
        }
    }

    /** Commits a new banner in production's flags. */
    private static String commit(TestRepo repo, String banner) {
        return repo.write("flags/app.yaml", Fixtures.Serving.FLAGS.replace("Welcome", banner)).commit(banner).name();
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
