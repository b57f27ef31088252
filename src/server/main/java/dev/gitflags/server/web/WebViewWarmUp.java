package dev.gitflags.server.web;

import dev.gitflags.server.ServedState;
import dev.gitflags.server.SnapshotHolder;
import io.micronaut.context.event.ApplicationEventListener;
import io.micronaut.json.JsonMapper;
import io.micronaut.runtime.server.event.ServerStartupEvent;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Keeps the web view ready in the background: after start-up, and within a second of every snapshot swap, it
 * indexes the served snapshot and formats one page, so the first visitor of a large repo does not pay for the
 * index, class loading and serializer set-up. Requests never wait for it; it only reads the holder.
 */
@Singleton
final class WebViewWarmUp implements ApplicationEventListener<ServerStartupEvent> {

    private static final Logger LOG = LoggerFactory.getLogger(WebViewWarmUp.class);

    private final SnapshotHolder holder;
    private final MatrixIndex index;
    private final JsonMapper json;
    private final ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "gitflags-web-warm-up");
        thread.setDaemon(true);
        return thread;
    });
    private Object warmed;

    WebViewWarmUp(SnapshotHolder holder, MatrixIndex index, JsonMapper json) {
        this.holder = holder;
        this.index = index;
        this.json = json;
    }

    @Override
    public void onApplicationEvent(ServerStartupEvent event) {
        executor.scheduleWithFixedDelay(this::warmUp, 0, 1, TimeUnit.SECONDS);
    }

    @PreDestroy
    void stop() {
        executor.shutdownNow();
    }

    /** Runs on the one warm-up thread only. */
    private void warmUp() {
        ServedState state = holder.current();
        if (!state.isServing() || state.snapshot() == warmed) {
            return;
        }
        try {
            json.writeValueAsBytes(index.of(state.snapshot()).page(MatrixQuery.all(), ServedStatus.of(state)));
            warmed = state.snapshot();
        } catch (IOException | RuntimeException e) {
            // Only a head start: the first request builds the same thing and reports any real error.
            LOG.debug("web view warm-up skipped: {}", e.toString());
            warmed = state.snapshot();
        }
    }
}
