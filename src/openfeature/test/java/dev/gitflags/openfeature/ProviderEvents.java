package dev.gitflags.openfeature;

import dev.openfeature.sdk.Client;
import dev.openfeature.sdk.ProviderEvent;

import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertNotNull;

/**
 * A client's provider events, recorded from {@link #of} on as lines — {@code READY}, {@code STALE message},
 * {@code ERROR message}, {@code CONFIGURATION_CHANGED [keys]} — and taken in order: what the provider's tests
 * assert on, through the real SDK.
 */
public final class ProviderEvents {

    private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
    private final Duration wait;

    private ProviderEvents(Duration wait) {
        this.wait = wait;
    }

    /** Records {@code client}'s events (once per client: handlers add up). */
    public static ProviderEvents of(Client client, Duration wait) {
        ProviderEvents events = new ProviderEvents(wait);
        client.on(ProviderEvent.PROVIDER_CONFIGURATION_CHANGED,
                details -> events.lines.add("CONFIGURATION_CHANGED " + details.getFlagsChanged()));
        client.on(ProviderEvent.PROVIDER_STALE, details -> events.lines.add("STALE " + details.getMessage()));
        client.on(ProviderEvent.PROVIDER_ERROR, details -> events.lines.add("ERROR " + details.getMessage()));
        client.on(ProviderEvent.PROVIDER_READY, details -> events.lines.add("READY"));
        return events;
    }

    /** The next event; fails when none comes within the wait. */
    public String next() throws InterruptedException {
        String event = lines.poll(wait.toMillis(), TimeUnit.MILLISECONDS);
        assertNotNull(event, "no event within " + wait);
        return event;
    }
}
