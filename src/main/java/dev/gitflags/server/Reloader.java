package dev.gitflags.server;

import dev.gitflags.LoadResult;
import dev.gitflags.load.ConfigSource;
import dev.gitflags.load.Loader;
import dev.gitflags.model.Problem;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Polls a {@link WatchedRepo} on one background thread. A new version is loaded and validated there, off the
 * request path; a valid one is swapped in atomically, an invalid one leaves the last good snapshot served and is
 * recorded (and logged) with its located problems. A version is loaded once, so a broken commit is not retried
 * every poll.
 */
public final class Reloader implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Reloader.class);

    private final WatchedRepo repo;
    private final Loader loader;
    private final SnapshotHolder holder;
    private final Duration poll;
    private final Clock clock;
    private final ScheduledExecutorService executor;
    private volatile String lastVersion;

    public Reloader(WatchedRepo repo, Loader loader, SnapshotHolder holder, Duration poll, Clock clock) {
        this.repo = repo;
        this.loader = loader;
        this.holder = holder;
        this.poll = poll;
        this.clock = clock;
        this.executor = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "gitflags-reloader");
            thread.setDaemon(true);
            return thread;
        });
    }

    /**
     * Loads the current version now, on the calling thread: the first load, before {@link #start()} (so there is
     * still one writer). Problems with the content are in the result; an unreadable repo throws.
     */
    public LoadResult loadNow() throws IOException {
        return load(repo.currentVersion());
    }

    /** Starts polling every {@code poll}. */
    public void start() {
        long millis = Math.max(poll.toMillis(), 10);
        executor.scheduleWithFixedDelay(this::pollOnce, millis, millis, TimeUnit.MILLISECONDS);
    }

    /** One poll: loads the repo when its version moved. Never throws, so the schedule never dies. */
    void pollOnce() {
        try {
            String version = repo.currentVersion();
            if (!Objects.equals(version, lastVersion)) {
                load(version);
            }
        } catch (Exception e) {
            LOG.warn("reload of {} failed: {}", repo.description(), e.toString());
        }
    }

    private LoadResult load(String version) throws IOException {
        long started = System.nanoTime();
        LoadResult result;
        String content;
        try (ConfigSource source = repo.sourceAt(version)) {
            result = loader.load(source);
            content = source.contentId();
        }
        lastVersion = version;
        long millis = (System.nanoTime() - started) / 1_000_000;
        if (result.isValid()) {
            holder.serve(result.snapshot(), version, content, clock.instant());
            LOG.info("serving {} version {} (loaded in {} ms)", repo.description(), shortVersion(version), millis);
        } else {
            List<Problem> problems = result.problems();
            ServedState state = holder.reject(version, problems, clock.instant());
            // A rejected first load is reported by whoever started the server; later ones only here.
            if (state.isServing()) {
                LOG.error("version {} of {} is invalid ({} problem{}); still serving {}", shortVersion(version),
                        repo.description(), problems.size(), problems.size() == 1 ? "" : "s",
                        shortVersion(state.version()));
                problems.forEach(problem -> LOG.error("  {}", problem));
            }
        }
        return result;
    }

    static String shortVersion(String version) {
        return version != null && version.length() == 40 ? version.substring(0, 12) : version;
    }

    @Override
    public void close() {
        executor.shutdownNow();
    }
}
