package dev.gitflags.server;

import java.time.Instant;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

/**
 * What the reloader and the fetch did so far, counted where it happens and read by the metrics at scrape time:
 * plain adders, so that neither knows of Micrometer, and one instance per server, made before Micronaut starts.
 */
public final class ServingCounters implements RemoteRepo.FetchObserver {

    /** How one attempt to load a new version ended. */
    public enum ReloadOutcome {
        /** Valid and swapped in. */
        SERVED,
        /** Loaded with problems: the last good version stays served. */
        INVALID,
        /** The load failed or ran past its timeout. */
        FAILED,
        /** The repo or the version could not be read (a failed fetch among them). */
        UNREADABLE
    }

    private final Map<ReloadOutcome, LongAdder> reloads = new EnumMap<>(ReloadOutcome.class);
    private final LongAdder fetched = new LongAdder();
    private final LongAdder fetchFailed = new LongAdder();
    private final LongAdder fetchNanos = new LongAdder();
    private volatile Instant servedCommitTime;

    public ServingCounters() {
        for (ReloadOutcome outcome : ReloadOutcome.values()) {
            reloads.put(outcome, new LongAdder());
        }
    }

    void reloaded(ReloadOutcome outcome) {
        reloads.get(outcome).increment();
    }

    /** The served version's commit time; null for a working tree, which has none. */
    void served(Instant commitTime) {
        servedCommitTime = commitTime;
    }

    @Override
    public void fetched(boolean ok, long nanos) {
        (ok ? fetched : fetchFailed).increment();
        fetchNanos.add(nanos);
    }

    public long reloads(ReloadOutcome outcome) {
        return reloads.get(outcome).sum();
    }

    /** Fetches (and the first clone) that succeeded ({@code true}) or failed. */
    public long fetches(boolean ok) {
        return (ok ? fetched : fetchFailed).sum();
    }

    /** Time spent fetching, in seconds, successes and failures alike. */
    public double fetchSeconds() {
        return fetchNanos.sum() / 1e9;
    }

    /** When the served commit was made; null for a working tree or before the first load. */
    public Instant servedCommitTime() {
        return servedCommitTime;
    }
}
