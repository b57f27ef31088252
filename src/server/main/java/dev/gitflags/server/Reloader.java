package dev.gitflags.server;

import dev.gitflags.internal.LoadResult;
import dev.gitflags.internal.follow.FollowLoop;
import dev.gitflags.internal.follow.FollowLoop.Failed;
import dev.gitflags.internal.follow.FollowLoop.Loaded;
import dev.gitflags.internal.follow.FollowLoop.Outcome;
import dev.gitflags.internal.follow.FollowLoop.Unreadable;
import dev.gitflags.internal.load.ConfigSource;
import dev.gitflags.internal.load.Deadline;
import dev.gitflags.internal.load.FlagScope;
import dev.gitflags.internal.load.Loader;
import dev.gitflags.internal.load.WatchedRepo;
import dev.gitflags.internal.model.Problem;
import dev.gitflags.server.ServingCounters.ReloadOutcome;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import static dev.gitflags.internal.follow.FollowLoop.shortVersion;

/**
 * Follows a {@link WatchedRepo} off the request path with the rule the API's follower has too ({@link FollowLoop}:
 * poll, load each new version with a timeout, at most one abandoned load). A valid version is swapped in
 * atomically. Any other outcome leaves the last good snapshot served and is recorded (counted, logged and shown at
 * /status) with its reason: invalid (with every located problem), failed in any way (an Error too), or still
 * running after {@code loadTimeout}; such a version is not tried again, the next one is. A version that could not
 * be read is tried again at the next poll; a lasting failure is logged once.
 */
public final class Reloader implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Reloader.class);

    /** How one version's files become a result: the server's loader; tests inject a failing or slow one. */
    @FunctionalInterface
    interface LoadStep {
        LoadResult load(ConfigSource source, Deadline deadline);
    }

    /** One version loaded: the result, and the id of its files' content (for the ETags). */
    private record Version(LoadResult result, String content) {
    }

    private final WatchedRepo repo;
    private final SnapshotHolder holder;
    private final Duration poll;
    private final Duration loadTimeout;
    private final Clock clock;
    private final ServingCounters counters;
    private final FollowLoop<Version> loop;

    /** Counts each outcome in {@code counters} (the metrics read them). */
    public Reloader(WatchedRepo repo, Loader loader, SnapshotHolder holder, Duration poll, Duration loadTimeout,
                    Clock clock, ServingCounters counters) {
        this(repo, (source, deadline) -> loader.load(source, FlagScope.ALL, deadline), holder, poll, loadTimeout,
                clock, counters);
    }

    Reloader(WatchedRepo repo, LoadStep step, SnapshotHolder holder, Duration poll, Duration loadTimeout,
             Clock clock, ServingCounters counters) {
        this.repo = repo;
        this.holder = holder;
        this.poll = poll;
        this.loadTimeout = loadTimeout;
        this.clock = clock;
        this.counters = counters;
        this.loop = new FollowLoop<>("gitflags-reloader", new FollowLoop.Versions<>() {
            @Override
            public String description() {
                return repo.description();
            }

            /** For a remote, this fetches first ({@link RemoteRepo#currentVersion}). */
            @Override
            public String currentVersion() throws IOException {
                return repo.currentVersion();
            }

            @Override
            public Version load(String version, Duration timeout) throws IOException {
                try (ConfigSource source = repo.sourceAt(version)) {
                    return new Version(step.load(source, Deadline.after(timeout)), source.contentId());
                }
            }
        }, loadTimeout, new FollowLoop.Recorder<>() {
            @Override
            public void record(Outcome<Version> outcome) {
                Reloader.this.record(outcome);
            }

            @Override
            public void pollFailed(Throwable unexpected) {
                LOG.error("reload of {} failed: {}", repo.description(), unexpected.toString());
            }
        });
    }

    /**
     * The first load, on the calling thread before {@link #start()}: the current version, and when that cannot be
     * served, the newest valid one of the {@code historyDepth} versions before it ({@link WatchedRepo#history}),
     * served while the current one stays reported as rejected. That search of earlier versions takes at most
     * {@code historyBudget} in all (each load at most the load timeout, the last one less), since probes wait for
     * it: past the budget it stops, and the versions left are not tried. Returns the state then; it serves nothing
     * when no version within reach is valid, and its rejection says why the current one is not served.
     *
     * @throws IOException when the repo or its current version cannot be read
     */
    public ServedState loadFirst(int historyDepth, Duration historyBudget) throws IOException {
        try {
            return searchFirst(historyDepth, historyBudget);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while loading " + repo.description(), e);
        }
    }

    private ServedState searchFirst(int historyDepth, Duration historyBudget)
            throws IOException, InterruptedException {
        Outcome<Version> outcome = loop.loadCurrent();
        String tip = outcome.version();
        if (served(outcome)) {
            logServed((Loaded<Version>) outcome);
            return holder.current();
        }
        ServedState.Rejection rejection = rejection(outcome);
        counters.reloaded(outcome instanceof Loaded ? ReloadOutcome.INVALID : ReloadOutcome.FAILED);
        List<String> older = repo.history(tip, historyDepth);
        long budgetEnd = System.nanoTime() + historyBudget.toNanos();
        for (int back = 1; back <= older.size(); back++) {
            if (System.nanoTime() - budgetEnd >= 0) {
                LOG.warn("the search of {} for a valid version before {} stopped after {} of {} versions: "
                                + "--history-budget {} is spent", repo.description(), shortVersion(tip), back - 1,
                        older.size(), Deadline.text(historyBudget));
                break;
            }
            String version = older.get(back - 1);
            Optional<Outcome<Version>> earlier =
                    loop.loadEarlier(version, shorter(Duration.ofNanos(budgetEnd - System.nanoTime())));
            if (earlier.isEmpty()) {
                break; // the load before it still runs: no second one beside it
            }
            if (served(earlier.get())) {
                LOG.warn("version {} of {} is not served ({}); serving {}, {} commit{} before it",
                        shortVersion(tip), repo.description(), rejection.reason(), shortVersion(version), back,
                        back == 1 ? "" : "s");
                rejection.problems().forEach(problem -> LOG.error("  {}", problem));
                break;
            }
        }
        // A rejected tip with nothing served is reported by whoever started the server.
        return holder.reject(rejection);
    }

    /** The load timeout, or {@code left} of a budget when that is less (and at least a millisecond). */
    private Duration shorter(Duration left) {
        Duration atLeast = left.compareTo(Duration.ofMillis(1)) < 0 ? Duration.ofMillis(1) : left;
        return atLeast.compareTo(loadTimeout) < 0 ? atLeast : loadTimeout;
    }

    /** Starts polling every {@code poll} ({@link FollowLoop#start}). */
    public void start() {
        loop.start(poll);
    }

    /** Serves the outcome when it is a valid load, and says whether it did. */
    private boolean served(Outcome<Version> outcome) {
        if (!(outcome instanceof Loaded<Version> loaded) || !loaded.result().result().isValid()) {
            return false;
        }
        LoadResult result = loaded.result().result();
        holder.serve(result.snapshot(), loaded.version(), loaded.result().content(), clock.instant(),
                result.warnings());
        counters.reloaded(ReloadOutcome.SERVED);
        counters.served(committedAt(loaded.version()));
        return true;
    }

    private void logServed(Loaded<Version> loaded) {
        LOG.info("serving {} version {} (loaded in {} ms)", repo.description(), shortVersion(loaded.version()),
                loaded.millis());
    }

    /** Why {@code outcome}, which is not served, is not. */
    private ServedState.Rejection rejection(Outcome<Version> outcome) {
        if (outcome instanceof Loaded<Version> loaded) {
            List<Problem> problems = loaded.result().result().problems();
            return new ServedState.Rejection(outcome.version(), clock.instant(),
                    FollowLoop.invalidReason(problems.size()), problems);
        }
        String reason = outcome instanceof Failed<Version> failed ? failed.reason()
                : ((Unreadable<Version>) outcome).reason();
        return new ServedState.Rejection(outcome.version(), clock.instant(), reason, List.of());
    }

    /** Records the outcome of a poll: served, rejected for good, or unreadable for now. */
    private void record(Outcome<Version> outcome) {
        if (outcome instanceof Unreadable<Version> unread) {
            couldNotRead(unread);
            return;
        }
        if (served(outcome)) {
            logServed((Loaded<Version>) outcome);
            return;
        }
        ServedState.Rejection rejection = rejection(outcome);
        counters.reloaded(outcome instanceof Loaded ? ReloadOutcome.INVALID : ReloadOutcome.FAILED);
        ServedState state = holder.reject(rejection);
        LOG.error("version {} of {} is not served ({}); still serving {}", shortVersion(outcome.version()),
                repo.description(), rejection.reason(), shortVersion(state.version()));
        rejection.problems().forEach(problem -> LOG.error("  {}", problem));
        if (outcome instanceof Failed<Version> failed && failed.cause() != null) {
            LOG.debug("the load of version {} failed", shortVersion(outcome.version()), failed.cause());
        }
    }

    /**
     * The repo, or a version of it, could not be read: degraded until a poll reads it (the version is loaded again
     * then, since what is served may no longer be the newest). Counted every poll, logged once while it lasts.
     */
    private void couldNotRead(Unreadable<Version> unread) {
        counters.reloaded(ReloadOutcome.UNREADABLE);
        if (unread.repeated()) {
            return;
        }
        holder.reject(rejection(unread));
        LOG.warn("{}; still serving {}", unread.reason(), shortVersion(holder.current().version()));
    }

    /** When {@code version} was committed, for the served commit's age; null when unknown. */
    private Instant committedAt(String version) {
        try {
            return repo.committedAt(version);
        } catch (IOException | RuntimeException unknown) {
            return null;
        }
    }

    /** Stops polling and loading; the repo is its opener's to close. */
    @Override
    public void close() {
        loop.close();
    }
}
