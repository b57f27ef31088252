package dev.gitflags;

import dev.gitflags.internal.follow.FollowLoop;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
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
     * @param version  the version not served; null when the source itself could not be read
     * @param reason   one line, the words the server's /status uses: {@code invalid: 2 problems},
     *                 {@code load exceeded 60s}, {@code load failed: java.lang.StackOverflowError},
     *                 {@code cannot read version 1a2b3c4d5e6f: ...}, {@code cannot read <source>: ...}
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
    private final Listener listener;
    private final FollowLoop<LoadOutcome> loop;
    private final AtomicReference<Snapshot> current = new AtomicReference<>();
    private volatile Status status = new Status(Optional.empty(), Optional.empty());

    private Follower(Source source, Duration loadTimeout, Listener listener) {
        this.source = source;
        this.listener = listener;
        this.loop = new FollowLoop<>("gitflags-follower", new FollowLoop.Versions<>() {
            @Override
            public String description() {
                return source.description();
            }

            @Override
            public String currentVersion() throws IOException {
                return source.currentVersion();
            }

            @Override
            public LoadOutcome load(String version, Duration timeout) throws IOException {
                return source.load(version, timeout);
            }
        }, loadTimeout, new FollowLoop.Recorder<>() {
            @Override
            public void record(FollowLoop.Outcome<LoadOutcome> outcome) {
                Follower.this.record(outcome);
            }

            @Override
            public void pollFailed(Throwable unexpected) {
                LOG.log(Level.ERROR, "following " + source.description() + " failed: " + unexpected);
            }
        });
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
        return start(source, poll, loadTimeout, listener, false);
    }

    /**
     * Like {@link #start}, for a service that must come up while its source cannot be read yet (a gitflags server
     * being restarted, a branch not pushed yet): then the listener hears {@link Rejected} (version null, the reason
     * why) before this returns, nothing is served, and every poll tries again until a version is {@link Loaded}.
     *
     * @throws IOException only when the calling thread is interrupted during the first load
     */
    public static Follower startWaiting(Source source, Duration poll, Duration loadTimeout, Listener listener)
            throws IOException {
        return start(source, poll, loadTimeout, listener, true);
    }

    private static Follower start(Source source, Duration poll, Duration loadTimeout, Listener listener,
                                  boolean waiting) throws IOException {
        Follower follower = new Follower(Objects.requireNonNull(source), loadTimeout, Objects.requireNonNull(listener));
        try {
            follower.record(waiting ? follower.loop.loadCurrentOrUnreadable() : follower.loop.loadCurrent());
        } catch (IOException | RuntimeException | Error e) {
            follower.close();
            throw e;
        } catch (InterruptedException e) {
            follower.close();
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while loading " + source.description(), e);
        }
        follower.loop.start(poll);
        source.onChange(follower.loop::pollSoon);
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

    /** Serves a valid version; reports any other outcome, a lasting unreadable source once. */
    private void record(FollowLoop.Outcome<LoadOutcome> outcome) {
        String version = outcome.version();
        if (outcome instanceof FollowLoop.Loaded<LoadOutcome> loaded && loaded.result().isValid()) {
            Snapshot previous = current.get();
            Snapshot snapshot = loaded.result().snapshot().orElseThrow();
            current.set(snapshot);
            status = new Status(Optional.of(version), Optional.empty());
            Map<String, java.util.Set<String>> changed = previous == null ? Map.of() : snapshot.changedFlags(previous);
            LOG.log(Level.INFO, "serving " + source.description() + " version " + version + " (loaded in "
                    + loaded.millis() + " ms)");
            deliver(new Loaded(version, snapshot, Optional.ofNullable(previous), changed, loaded.result().problems()));
        } else if (outcome instanceof FollowLoop.Loaded<LoadOutcome> invalid) {
            List<Problem> problems = invalid.result().problems();
            reject(new Rejected(version, FollowLoop.invalidReason(problems.size()), problems));
        } else if (outcome instanceof FollowLoop.Failed<LoadOutcome> failed) {
            reject(new Rejected(version, failed.reason(), List.of()));
        } else if (outcome instanceof FollowLoop.Unreadable<LoadOutcome> unread && !unread.repeated()) {
            reject(new Rejected(version, unread.reason(), List.of()));
        }
    }

    private void reject(Rejected rejected) {
        status = new Status(status.servedVersion(), Optional.of(rejected));
        String what = rejected.version() == null ? rejected.reason() : "version " + rejected.version() + " of "
                + source.description() + " is not served (" + rejected.reason() + ")";
        LOG.log(Level.ERROR, what + "; " + status.servedVersion().map(v -> "still serving " + v)
                .orElse("nothing is served"));
        rejected.problems().forEach(problem -> LOG.log(Level.ERROR, "  " + problem));
        deliver(rejected);
    }

    private void deliver(Event event) {
        try {
            listener.onEvent(event);
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "a listener of " + source.description() + " failed: " + e);
        }
    }

    /** Stops polling and loading (a load in progress is interrupted) and closes the source. */
    @Override
    public void close() {
        loop.close();
        try {
            source.close();
        } catch (IOException e) {
            LOG.log(Level.WARNING, "closing " + source.description() + " failed: " + e);
        }
    }
}
