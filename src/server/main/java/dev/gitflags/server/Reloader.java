package dev.gitflags.server;

import dev.gitflags.internal.LoadResult;
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
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Polls a {@link WatchedRepo} on one background thread and loads each new version on another, off the request
 * path. A valid version is swapped in atomically. Any other outcome leaves the last good snapshot served and is
 * recorded (and logged) with its reason: invalid (with every located problem), failed in any way (an Error too),
 * or still running after {@code loadTimeout}. Such a version is not tried again; the next one is. A version that
 * could not be read is tried again at the next poll.
 *
 * <p>A load past its timeout is abandoned: it goes on until its {@link Deadline} check stops it (Java threads
 * cannot be stopped from outside), and until then no other load starts, so at most one abandoned load runs at a
 * time. Meanwhile the last good snapshot stays served and /status says degraded; the poll after it ends loads the
 * newest version.
 */
public final class Reloader implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Reloader.class);

    /** How one version's files become a result: the server's loader; tests inject a failing or slow one. */
    @FunctionalInterface
    interface LoadStep {
        LoadResult load(ConfigSource source, Deadline deadline);
    }

    /** What trying to load one version gave. */
    private sealed interface Outcome {
    }

    /** The load ran to its end, valid or with problems, in {@code millis}. */
    private record Loaded(LoadResult result, String content, long millis) implements Outcome {
    }

    /** The load did not give a result; {@code retry}: the files could not be read, try again next poll. */
    private record Failed(String reason, Throwable cause, boolean retry) implements Outcome {
    }

    private final WatchedRepo repo;
    private final LoadStep step;
    private final SnapshotHolder holder;
    private final Duration poll;
    private final Duration loadTimeout;
    private final Clock clock;
    private final ServingCounters counters;
    private final ScheduledExecutorService polling;
    private final ExecutorService loading;
    /** The version last loaded (served or rejected for good); null: load whatever the repo has now. */
    private volatile String lastVersion;
    /** The load started last; while it is not done (an abandoned load) no other starts. */
    private volatile Future<Loaded> running;
    /** The reason the repo could not be read at the last poll, so that a lasting failure is logged once. */
    private volatile String unreadable;

    /** Counts each outcome in {@code counters} (the metrics read them). */
    public Reloader(WatchedRepo repo, Loader loader, SnapshotHolder holder, Duration poll, Duration loadTimeout,
                    Clock clock, ServingCounters counters) {
        this(repo, (source, deadline) -> loader.load(source, FlagScope.ALL, deadline), holder, poll, loadTimeout,
                clock, counters);
    }

    Reloader(WatchedRepo repo, LoadStep step, SnapshotHolder holder, Duration poll, Duration loadTimeout,
             Clock clock, ServingCounters counters) {
        this.repo = repo;
        this.step = step;
        this.holder = holder;
        this.poll = poll;
        this.loadTimeout = loadTimeout;
        this.clock = clock;
        this.counters = counters;
        this.polling = Executors.newSingleThreadScheduledExecutor(daemon("gitflags-reloader"));
        this.loading = Executors.newSingleThreadExecutor(daemon("gitflags-loader"));
    }

    private static ThreadFactory daemon(String name) {
        return runnable -> {
            Thread thread = new Thread(runnable, name);
            thread.setDaemon(true);
            return thread;
        };
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
        String tip = repo.currentVersion();
        Outcome outcome = attempt(tip, loadTimeout);
        if (outcome instanceof Failed failed && failed.retry()) {
            throw new IOException(failed.reason(), failed.cause());
        }
        lastVersion = tip;
        if (served(tip, outcome)) {
            LOG.info("serving {} version {} (loaded in {} ms)", repo.description(), shortVersion(tip),
                    ((Loaded) outcome).millis());
            return holder.current();
        }
        ServedState.Rejection rejection = rejection(tip, outcome);
        counters.reloaded(outcome instanceof Loaded ? ReloadOutcome.INVALID : ReloadOutcome.FAILED);
        List<String> older = repo.history(tip, historyDepth);
        long budgetEnd = System.nanoTime() + historyBudget.toNanos();
        for (int back = 1; back <= older.size(); back++) {
            Duration left = Duration.ofNanos(budgetEnd - System.nanoTime());
            if (!awaitAbandoned(shorter(left))) {
                // the abandoned load runs on, and no second load starts beside it
                break;
            }
            if (System.nanoTime() - budgetEnd >= 0) {
                LOG.warn("the search of {} for a valid version before {} stopped after {} of {} versions: "
                                + "--history-budget {} is spent", repo.description(), shortVersion(tip), back - 1,
                        older.size(), Deadline.text(historyBudget));
                break;
            }
            String version = older.get(back - 1);
            if (served(version, attempt(version, shorter(Duration.ofNanos(budgetEnd - System.nanoTime()))))) {
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

    /**
     * Starts polling every {@code poll}, at a fixed rate: a poll that fetches from a remote takes time, and a fixed
     * delay after it would stretch every period by that time. A poll still running when the next is due delays it
     * (the executor never runs two at once).
     */
    public void start() {
        long millis = Math.max(poll.toMillis(), 10);
        polling.scheduleAtFixedRate(this::pollOnce, millis, millis, TimeUnit.MILLISECONDS);
    }

    /** One poll: loads the repo when its version moved. Never throws, whatever a load does, so polling goes on. */
    void pollOnce() {
        try {
            Future<Loaded> previous = running;
            if (previous != null && !previous.isDone()) {
                return;
            }
            String version;
            try {
                version = repo.currentVersion();
            } catch (IOException e) {
                couldNotRead(null, "cannot read " + repo.description() + ": " + e.getMessage());
                return;
            }
            if (!Objects.equals(version, lastVersion)) {
                record(version, attempt(version, loadTimeout));
            }
        } catch (InterruptedException closing) {
            Thread.currentThread().interrupt();
        } catch (Throwable unexpected) {
            LOG.error("reload of {} failed: {}", repo.description(), unexpected.toString());
        }
    }

    /** Loads {@code version} on the loading thread, with a deadline of {@code timeout}, and waits for it as long. */
    private Outcome attempt(String version, Duration timeout) throws InterruptedException {
        Future<Loaded> load = loading.submit(() -> {
            long started = System.nanoTime();
            try (ConfigSource source = repo.sourceAt(version)) {
                LoadResult result = step.load(source, Deadline.after(timeout));
                return new Loaded(result, source.contentId(), (System.nanoTime() - started) / 1_000_000);
            }
        });
        running = load;
        try {
            return load.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
        } catch (TimeoutException stillRunning) {
            return new Failed(new Deadline.Exceeded(timeout).getMessage(), null, false);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof Deadline.Exceeded) {
                return new Failed(cause.getMessage(), null, false);
            }
            if (cause instanceof IOException) {
                return new Failed("cannot read version " + shortVersion(version) + ": " + cause.getMessage(), cause,
                        true);
            }
            return new Failed("load failed: " + cause, cause, false);
        }
    }

    /**
     * Waits, at start-up, for an abandoned load to stop at its deadline check, at most {@code patience}; false when
     * it still runs, so that no second load starts beside it.
     */
    private boolean awaitAbandoned(Duration patience) throws InterruptedException {
        Future<Loaded> previous = running;
        if (previous == null || previous.isDone()) {
            return true;
        }
        try {
            previous.get(patience.toNanos(), TimeUnit.NANOSECONDS);
        } catch (ExecutionException ended) {
            // It ended; how does not matter any more.
        } catch (TimeoutException stillRunning) {
            return false;
        }
        return true;
    }

    /** Serves {@code version} when {@code outcome} is a valid load; says whether it did. */
    private boolean served(String version, Outcome outcome) {
        if (!(outcome instanceof Loaded loaded) || !loaded.result().isValid()) {
            return false;
        }
        holder.serve(loaded.result().snapshot(), version, loaded.content(), clock.instant(),
                loaded.result().warnings());
        counters.reloaded(ReloadOutcome.SERVED);
        counters.served(committedAt(version));
        return true;
    }

    /** Why {@code outcome} of {@code version} is not served. */
    private ServedState.Rejection rejection(String version, Outcome outcome) {
        if (outcome instanceof Loaded loaded) {
            List<Problem> problems = loaded.result().problems();
            return new ServedState.Rejection(version, clock.instant(), "invalid: " + problems.size() + " problem"
                    + (problems.size() == 1 ? "" : "s"), problems);
        }
        return new ServedState.Rejection(version, clock.instant(), ((Failed) outcome).reason(), List.of());
    }

    /** Records the outcome of a poll's load: served, rejected for good, or unreadable for now. */
    private void record(String version, Outcome outcome) {
        if (outcome instanceof Failed failed && failed.retry()) {
            couldNotRead(version, failed.reason());
            return;
        }
        lastVersion = version;
        unreadable = null;
        if (served(version, outcome)) {
            LOG.info("serving {} version {} (loaded in {} ms)", repo.description(), shortVersion(version),
                    ((Loaded) outcome).millis());
            return;
        }
        ServedState.Rejection rejection = rejection(version, outcome);
        counters.reloaded(outcome instanceof Loaded ? ReloadOutcome.INVALID : ReloadOutcome.FAILED);
        ServedState state = holder.reject(rejection);
        LOG.error("version {} of {} is not served ({}); still serving {}", shortVersion(version),
                repo.description(), rejection.reason(), shortVersion(state.version()));
        rejection.problems().forEach(problem -> LOG.error("  {}", problem));
        if (outcome instanceof Failed failed && failed.cause() != null) {
            LOG.debug("the load of version {} failed", shortVersion(version), failed.cause());
        }
    }

    /**
     * The repo, or {@code version} of it, could not be read: degraded until a poll reads it. The version is loaded
     * again then, since what is served may no longer be the newest. A lasting failure is logged once.
     */
    private void couldNotRead(String version, String reason) {
        lastVersion = null;
        counters.reloaded(ReloadOutcome.UNREADABLE);
        if (reason.equals(unreadable)) {
            return;
        }
        unreadable = reason;
        holder.reject(new ServedState.Rejection(version, clock.instant(), reason, List.of()));
        LOG.warn("{}; still serving {}", reason, shortVersion(holder.current().version()));
    }

    /** When {@code version} was committed, for the served commit's age; null when unknown. */
    private Instant committedAt(String version) {
        try {
            return repo.committedAt(version);
        } catch (IOException | RuntimeException unknown) {
            return null;
        }
    }

    static String shortVersion(String version) {
        return version != null && version.length() == 40 ? version.substring(0, 12) : version;
    }

    @Override
    public void close() {
        polling.shutdownNow();
        loading.shutdownNow();
    }
}
