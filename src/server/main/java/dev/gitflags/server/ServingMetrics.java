package dev.gitflags.server;

import dev.gitflags.server.ServingCounters.ReloadOutcome;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import jakarta.inject.Singleton;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;

/**
 * The server's own meters, read at scrape time from what the reloader and the fetch counted
 * ({@link ServingCounters}) and from the state served ({@link SnapshotHolder}): nothing on the request path.
 * Micronaut binds every {@link MeterBinder} bean to its registry.
 */
@Singleton
public final class ServingMetrics implements MeterBinder {

    private final ServingCounters counters;
    private final SnapshotHolder holder;
    private final Clock clock = Clock.systemUTC();

    public ServingMetrics(ServingCounters counters, SnapshotHolder holder) {
        this.counters = counters;
        this.holder = holder;
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        for (ReloadOutcome outcome : ReloadOutcome.values()) {
            FunctionCounter.builder("gitflags.reloads", counters, c -> c.reloads(outcome))
                    .description("Attempts to load a new version of the config repo, by outcome")
                    .tag("outcome", outcome.name().toLowerCase(Locale.ROOT)).register(registry);
        }
        for (boolean ok : new boolean[] {true, false}) {
            FunctionCounter.builder("gitflags.fetches", counters, c -> c.fetches(ok))
                    .description("Fetches (and the first clone) of serve --repo URL, by outcome")
                    .tag("outcome", ok ? "ok" : "failed").register(registry);
        }
        FunctionCounter.builder("gitflags.fetch.seconds", counters, ServingCounters::fetchSeconds)
                .description("Time spent fetching, failed fetches included").baseUnit("seconds").register(registry);
        Gauge.builder("gitflags.served.commit.age", this, ServingMetrics::servedCommitAge)
                .description("Seconds since the served commit was made (absent for a working tree)")
                .baseUnit("seconds").register(registry);
        Gauge.builder("gitflags.degraded", holder, h -> h.current().isDegraded() ? 1 : 0)
                .description("1 while the newest version seen is not the one served (see /status), else 0")
                .register(registry);
    }

    private double servedCommitAge() {
        Instant committed = counters.servedCommitTime();
        return committed == null ? Double.NaN : Duration.between(committed, clock.instant()).toMillis() / 1000.0;
    }
}
