package dev.gitflags.server;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * JSON bodies already rendered from one snapshot: a representation is a pure function of the snapshot and the
 * request's selection, so a hot flag is serialized once per snapshot instead of once per request. It belongs to
 * one {@link ServedState} and is dropped with it; past {@link #MAX_BYTES} it stops remembering.
 */
final class RenderedBodies {

    /** Enough for every flag of a large repo in a few environments; beyond that bodies are rendered each time. */
    static final long MAX_BYTES = 64L * 1024 * 1024;

    private final ConcurrentHashMap<String, byte[]> bodies = new ConcurrentHashMap<>();
    private final AtomicLong bytes = new AtomicLong();

    /** The body remembered under {@code selection}, rendering (and remembering) it the first time. */
    byte[] get(String selection, Supplier<byte[]> render) {
        byte[] body = bodies.get(selection);
        if (body != null) {
            return body;
        }
        body = render.get();
        if (bytes.get() + body.length <= MAX_BYTES && bodies.putIfAbsent(selection, body) == null) {
            bytes.addAndGet(body.length);
        }
        return body;
    }
}
