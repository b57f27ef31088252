package dev.gitflags.internal.follow;

import dev.gitflags.internal.load.Deadline;

import java.io.IOException;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The one rule of following a config that moves, under the API's {@code Follower} and the server's
 * {@code Reloader}: poll the current version on one daemon thread, load each new version on another with a timeout,
 * and tell how each ended; keeping the last good snapshot and reporting the rest is the caller's.
 *
 * <p>A version that {@link Loaded loaded} (valid or not), {@link Failed failed} in any way (an Error too) or ran
 * past the timeout is not tried again; the next one is. A version that was {@link Unreadable} is tried again at the
 * next poll. A load past its timeout is abandoned: it goes on until its {@link Deadline} check stops it (Java
 * threads cannot be stopped from outside), and until then no other load starts, so at most one abandoned load runs
 * at a time.
 *
 * @param <R> what loading one version gives
 */
public final class FollowLoop<R> implements AutoCloseable {

    /** Where the versions come from, and how one is loaded; called from the loop's threads, one call at a time. */
    public interface Versions<R> {

        /** For messages: the folder, {@code folder @ ref}, or a URL. */
        String description();

        /** The version there is now; cheap, since every poll asks. */
        String currentVersion() throws IOException;

        /**
         * Loads {@code version}: bad content is a result, never an exception. IOException: the version could not
         * be read (tried again next poll); {@link Deadline.Exceeded}: the load gave up at its deadline.
         */
        R load(String version, Duration timeout) throws IOException;
    }

    /** Told the outcome of every poll that loaded or could not read, on the polling thread, in order. */
    public interface Recorder<R> {

        void record(Outcome<R> outcome);

        /** A poll failed outside a load (in {@link #record}, say); polling goes on. */
        void pollFailed(Throwable unexpected);
    }

    /** How trying one version ended. */
    public sealed interface Outcome<R> permits Loaded, Failed, Unreadable {
        /** The version tried; null when the current version could not be read. */
        String version();
    }

    /** The load ran to its end, with a valid or an invalid result, in {@code millis}. */
    public record Loaded<R>(String version, R result, long millis) implements Outcome<R> {
    }

    /**
     * The load failed or ran past the timeout; not tried again.
     *
     * @param reason one line: {@code load exceeded 60s}, {@code load failed: java.lang.StackOverflowError}
     * @param cause  what the load threw; null for a timeout
     */
    public record Failed<R>(String version, String reason, Throwable cause) implements Outcome<R> {
    }

    /**
     * The current version, or this version's files, could not be read; tried again at the next poll.
     *
     * @param repeated the previous poll could not read either, for the same reason: a lasting failure
     */
    public record Unreadable<R>(String version, String reason, IOException cause, boolean repeated)
            implements Outcome<R> {
    }

    private final Versions<R> versions;
    private final Duration loadTimeout;
    private final Recorder<R> recorder;
    private final ScheduledExecutorService polling;
    private final ExecutorService loading;
    /** The threads the executors made, so that close() returns once they have ended, not only their tasks. */
    private final Queue<Thread> threads = new ConcurrentLinkedQueue<>();
    /** The version last loaded (served or rejected for good); null: load whatever there is now. */
    private volatile String lastVersion;
    /** The load started last; while it is not done (an abandoned load) no other starts. */
    private volatile Future<Loaded<R>> running;
    /** Why the last poll could not read, so that a lasting failure is told as such. */
    private volatile String unreadable;
    /** Set by {@link #close()}: a poll it interrupts (a fetch, say) failed because of it, and is not told. */
    private volatile boolean closed;

    /** A loop whose threads are named {@code threadName} and {@code threadName-load}; nothing runs yet. */
    public FollowLoop(String threadName, Versions<R> versions, Duration loadTimeout, Recorder<R> recorder) {
        this.versions = Objects.requireNonNull(versions);
        this.loadTimeout = Objects.requireNonNull(loadTimeout);
        this.recorder = Objects.requireNonNull(recorder);
        this.polling = Executors.newSingleThreadScheduledExecutor(daemon(threadName));
        this.loading = Executors.newSingleThreadExecutor(daemon(threadName + "-load"));
    }

    /**
     * The first load, on the calling thread, before {@link #start}: the current version, which polling then
     * loads again only when it moves. Not told to the recorder.
     *
     * @throws IOException when the current version or its files cannot be read
     */
    public Outcome<R> loadCurrent() throws IOException, InterruptedException {
        String version = versions.currentVersion();
        Outcome<R> outcome = attempt(version);
        if (outcome instanceof Unreadable<R> unread) {
            throw new IOException(unread.reason(), unread.cause());
        }
        lastVersion = version;
        return outcome;
    }

    /**
     * The first load like {@link #loadCurrent}, for a follower that starts while its source is down: a version or
     * source that cannot be read is an {@link Unreadable} outcome (polling then tries again), not an exception.
     */
    public Outcome<R> loadCurrentOrUnreadable() throws InterruptedException {
        Outcome<R> outcome;
        try {
            outcome = attempt(versions.currentVersion());
        } catch (IOException e) {
            outcome = unreadableSource(e);
        }
        return remember(outcome);
    }

    /**
     * An earlier version, for a start-up that looks back when the current one cannot be served, loaded within
     * {@code timeout} (a start-up's search has a total budget, so its last load may get less than the load
     * timeout); empty when the load before it was abandoned and still runs after that long, so that no second load
     * starts beside it.
     */
    public Optional<Outcome<R>> loadEarlier(String version, Duration timeout) throws InterruptedException {
        Future<Loaded<R>> previous = running;
        if (previous != null && !previous.isDone()) {
            try {
                previous.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
            } catch (ExecutionException ended) {
                // It ended; how does not matter any more.
            } catch (TimeoutException stillRunning) {
                return Optional.empty();
            }
        }
        return Optional.of(attempt(version, timeout));
    }

    /**
     * Polls every {@code poll}, at a fixed rate: a poll that fetches from a remote takes time, and a fixed delay
     * after it would stretch every period by that time. A poll still running when the next is due delays it (the
     * executor never runs two at once).
     */
    public void start(Duration poll) {
        long millis = Math.max(poll.toMillis(), 10);
        polling.scheduleAtFixedRate(this::pollOnce, millis, millis, TimeUnit.MILLISECONDS);
    }

    /** A poll on the polling thread as soon as it is free: the source heard of a change. */
    public void pollSoon() {
        try {
            polling.execute(this::pollOnce);
        } catch (RejectedExecutionException closed) {
            // closing: nothing to poll for
        }
    }

    /** One poll: loads the current version when it moved. Never throws, whatever a load does, so polling goes on. */
    private void pollOnce() {
        try {
            Future<Loaded<R>> previous = running;
            if (previous != null && !previous.isDone()) {
                return;
            }
            Outcome<R> outcome;
            try {
                String version = versions.currentVersion();
                if (Objects.equals(version, lastVersion)) {
                    return;
                }
                outcome = attempt(version);
            } catch (IOException e) {
                outcome = unreadableSource(e);
            }
            if (!closed) {
                recorder.record(remember(outcome));
            }
        } catch (InterruptedException closing) {
            Thread.currentThread().interrupt();
        } catch (Throwable unexpected) {
            recorder.pollFailed(unexpected);
        }
    }

    private Unreadable<R> unreadableSource(IOException e) {
        return new Unreadable<>(null, "cannot read " + versions.description() + ": " + e.getMessage(), e, false);
    }

    /** Notes what the next poll loads: the next version, or this one again when it could not be read. */
    private Outcome<R> remember(Outcome<R> outcome) {
        if (outcome instanceof Unreadable<R> unread) {
            lastVersion = null;
            boolean repeated = unread.reason().equals(unreadable);
            unreadable = unread.reason();
            return new Unreadable<>(unread.version(), unread.reason(), unread.cause(), repeated);
        }
        lastVersion = outcome.version();
        unreadable = null;
        return outcome;
    }

    /** Loads {@code version} on the loading thread and waits for it at most the load timeout. */
    private Outcome<R> attempt(String version) throws InterruptedException {
        return attempt(version, loadTimeout);
    }

    /** Loads {@code version} on the loading thread with a deadline of {@code timeout}, and waits for it as long. */
    private Outcome<R> attempt(String version, Duration timeout) throws InterruptedException {
        Future<Loaded<R>> load = loading.submit(() -> {
            long started = System.nanoTime();
            R result = versions.load(version, timeout);
            return new Loaded<>(version, result, (System.nanoTime() - started) / 1_000_000);
        });
        running = load;
        try {
            return load.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
        } catch (TimeoutException stillRunning) {
            return new Failed<>(version, new Deadline.Exceeded(timeout).getMessage(), null);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof Deadline.Exceeded) {
                return new Failed<>(version, cause.getMessage(), null);
            }
            if (cause instanceof IOException unread) {
                return new Unreadable<>(version, "cannot read version " + shortVersion(version) + ": "
                        + unread.getMessage(), unread, false);
            }
            return new Failed<>(version, "load failed: " + cause, cause);
        }
    }

    /** The reason an invalid version is not served: {@code invalid: 2 problems}. */
    public static String invalidReason(int problems) {
        return "invalid: " + problems + " problem" + (problems == 1 ? "" : "s");
    }

    /** A commit SHA's first 12 digits, for logs and messages; any other version as it is. */
    public static String shortVersion(String version) {
        return version != null && version.length() == 40 ? version.substring(0, 12) : version;
    }

    private ThreadFactory daemon(String name) {
        return runnable -> {
            Thread thread = new Thread(runnable, name);
            thread.setDaemon(true);
            threads.add(thread);
            return thread;
        };
    }

    /**
     * Stops polling and loading (a load in progress is interrupted) and waits a little for both threads to end;
     * the recorder is told nothing more.
     */
    @Override
    public void close() {
        closed = true;
        polling.shutdownNow();
        loading.shutdownNow();
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        try {
            polling.awaitTermination(5, TimeUnit.SECONDS);
            loading.awaitTermination(5, TimeUnit.SECONDS);
            // a terminated executor's worker may still be on its way out of run(): wait for the thread itself
            for (Thread thread : threads) {
                if (thread == Thread.currentThread()) {
                    continue; // closed from its own listener: that thread ends when this returns
                }
                thread.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(end - System.nanoTime())));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
