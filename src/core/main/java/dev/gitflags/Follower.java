package dev.gitflags;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Follows a {@link Source}: polls its version on a background thread (every poll, and at once when the source says
 * it changed: {@link Source#onChange}) and loads each new one on another, keeping
 * the last good snapshot. A valid version replaces it ({@link Loaded}, with the flags that changed per
 * environment); an invalid version, a load that fails or runs past its timeout, is never served: the last good
 * snapshot stays and the version is reported {@link Rejected} with its problems, and not tried again (the next
 * version is). A version that cannot be read is tried again at the next poll.
 *
 * <p>Threads: {@link #current()} and {@link #status()} may be called from any thread and never block. The listener
 * is called on the follower's polling thread (on the caller's thread for the first load), one event at a time, in
 * order; it must not block for long. {@link #close()} stops both threads and closes the source.
 */
public final class Follower implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(Follower.class.getName());

    /** Receives the follower's events. */
    @FunctionalInterface
    public interface Listener {
        /** One event; an exception thrown here is logged and ignored. */
        void onEvent(Event event);
    }

    /** What happened to one version of the source. */
    public sealed interface Event permits Loaded, Rejected {
        /** The version concerned: a commit SHA, or a working tree's fingerprint; null when the source could not be read. */
        String version();
    }

    /**
     * A valid version is now current.
     *
     * @param previous the snapshot it replaced; empty for the first one
     * @param changed  by environment, the flags whose resolved definition changed ({@link Snapshot#changedFlags});
     *                 empty for the first snapshot
     */
    public record Loaded(String version, Snapshot snapshot, Optional<Snapshot> previous,
                         Map<String, java.util.Set<String>> changed, List<Problem> warnings) implements Event {
    }

    /**
     * A version was not served; {@link #current()} is unchanged (empty if nothing was ever valid).
     *
     * @param reason   one line: {@code invalid: 2 problems}, a timeout, a failure
     * @param problems the located problems of an invalid version; empty otherwise
     */
    public record Rejected(String version, String reason, List<Problem> problems) implements Event {
    }

    /**
     * The follower's state: the version served (empty before the first valid one) and, when the newest version
     * could not be served, why.
     */
    public record Status(Optional<String> servedVersion, Optional<Rejected> rejected) {
        /** True when the newest version seen is not the one served. */
        public boolean isStale() {
            return rejected.isPresent();
        }
    }

    private final Source source;
    private final Duration loadTimeout;
    private final Listener listener;
    private final ScheduledExecutorService polling;
    private final ExecutorService loading;
    private final AtomicReference<Snapshot> current = new AtomicReference<>();
    private volatile Status status = new Status(Optional.empty(), Optional.empty());
    /** The version last loaded (served or rejected for good); null: load whatever the source has now. */
    private volatile String lastVersion;
    private volatile Future<LoadOutcome> running;
    private volatile String unreadable;

    private Follower(Source source, Duration loadTimeout, Listener listener) {
        this.source = source;
        this.loadTimeout = loadTimeout;
        this.listener = listener;
        this.polling = Executors.newSingleThreadScheduledExecutor(daemon("gitflags-follower"));
        this.loading = Executors.newSingleThreadExecutor(daemon("gitflags-follower-load"));
    }

    /**
     * Loads {@code source}'s current version on the calling thread (its event is delivered before this returns),
     * then polls every {@code poll}. An invalid first version is {@link Rejected} and polling goes on: the first
     * valid version is then {@link Loaded}.
     *
     * @throws IOException when the current version cannot be read; the source is closed then
     */
    public static Follower start(Source source, Duration poll, Duration loadTimeout, Listener listener)
            throws IOException {
        Follower follower = new Follower(Objects.requireNonNull(source), loadTimeout, Objects.requireNonNull(listener));
        try {
            String version = source.currentVersion();
            Object outcome = follower.attempt(version);
            if (outcome instanceof IOException unread) {
                throw unread;
            }
            follower.record(version, outcome);
        } catch (IOException | RuntimeException | Error e) {
            follower.close();
            throw e;
        } catch (InterruptedException e) {
            follower.close();
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while loading " + source.description(), e);
        }
        long millis = Math.max(poll.toMillis(), 10);
        follower.polling.scheduleWithFixedDelay(follower::pollOnce, millis, millis, TimeUnit.MILLISECONDS);
        source.onChange(follower::pollSoon);
        return follower;
    }

    /** The last good snapshot; empty until a version was valid. */
    public Optional<Snapshot> current() {
        return Optional.ofNullable(current.get());
    }

    /** What is served, and why the newest version is not when it is not. */
    public Status status() {
        return status;
    }

    /** The source followed, for logs. */
    public String description() {
        return source.description();
    }

    /** A poll on the polling thread as soon as it is free: the source heard of a change (Source#onChange). */
    private void pollSoon() {
        try {
            polling.execute(this::pollOnce);
        } catch (java.util.concurrent.RejectedExecutionException closed) {
            // closing: nothing to poll for
        }
    }

    /** One poll; never throws, so polling goes on. */
    private void pollOnce() {
        try {
            Future<LoadOutcome> previous = running;
            if (previous != null && !previous.isDone()) {
                return; // an abandoned load still runs: no second one beside it
            }
            String version;
            try {
                version = source.currentVersion();
            } catch (IOException e) {
                couldNotRead("cannot read " + source.description() + ": " + e.getMessage());
                return;
            }
            if (!Objects.equals(version, lastVersion)) {
                Object outcome = attempt(version);
                if (outcome instanceof IOException unread) {
                    couldNotRead("cannot read version " + version + " of " + source.description() + ": "
                            + unread.getMessage());
                } else {
                    record(version, outcome);
                }
            }
        } catch (InterruptedException closing) {
            Thread.currentThread().interrupt();
        } catch (Throwable unexpected) {
            LOG.log(Level.ERROR, "following " + source.description() + " failed: " + unexpected);
        }
    }

    /** The version's outcome; a String for a load that failed or timed out, an IOException to retry. */
    private Object attempt(String version) throws InterruptedException {
        Future<LoadOutcome> load = loading.submit(() -> source.load(version, loadTimeout));
        running = load;
        try {
            return load.get(loadTimeout.toNanos(), TimeUnit.NANOSECONDS);
        } catch (TimeoutException stillRunning) {
            return "the load took longer than " + loadTimeout.toMillis() + " ms and was given up";
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof IOException unread) {
                return unread;
            }
            return "the load failed: " + cause;
        }
    }

    private void record(String version, Object outcome) {
        lastVersion = version;
        unreadable = null;
        Snapshot previous = current.get();
        if (outcome instanceof LoadOutcome loaded && loaded.isValid()) {
            Snapshot snapshot = loaded.snapshot().orElseThrow();
            current.set(snapshot);
            status = new Status(Optional.of(version), Optional.empty());
            Map<String, java.util.Set<String>> changed = previous == null ? Map.of() : snapshot.changedFlags(previous);
            LOG.log(Level.INFO, "serving " + source.description() + " version " + version);
            deliver(new Loaded(version, snapshot, Optional.ofNullable(previous), changed, loaded.problems()));
            return;
        }
        Rejected rejected = outcome instanceof LoadOutcome invalid
                ? new Rejected(version, "invalid: " + invalid.errors().size() + " error"
                        + (invalid.errors().size() == 1 ? "" : "s"), invalid.problems())
                : new Rejected(version, (String) outcome, List.of());
        reject(rejected);
    }

    private void reject(Rejected rejected) {
        status = new Status(status.servedVersion(), Optional.of(rejected));
        LOG.log(Level.ERROR, "version " + rejected.version() + " of " + source.description() + " is not served ("
                + rejected.reason() + "); " + status.servedVersion().map(v -> "still serving " + v)
                .orElse("nothing is served"));
        rejected.problems().forEach(problem -> LOG.log(Level.ERROR, "  " + problem));
        deliver(rejected);
    }

    /** The source could not be read: reported once per reason, and the version is loaded again when it can be. */
    private void couldNotRead(String reason) {
        lastVersion = null;
        if (reason.equals(unreadable)) {
            return;
        }
        unreadable = reason;
        reject(new Rejected(status.servedVersion().orElse(null), reason, List.of()));
    }

    private void deliver(Event event) {
        try {
            listener.onEvent(event);
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "a listener of " + source.description() + " failed: " + e);
        }
    }

    private static ThreadFactory daemon(String name) {
        return runnable -> {
            Thread thread = new Thread(runnable, name);
            thread.setDaemon(true);
            return thread;
        };
    }

    /** Stops polling and loading (a load in progress is interrupted) and closes the source. */
    @Override
    public void close() {
        polling.shutdownNow();
        loading.shutdownNow();
        try {
            polling.awaitTermination(5, TimeUnit.SECONDS);
            loading.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try {
            source.close();
        } catch (IOException e) {
            LOG.log(Level.WARNING, "closing " + source.description() + " failed: " + e);
        }
    }
}
