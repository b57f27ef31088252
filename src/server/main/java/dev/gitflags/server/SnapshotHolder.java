package dev.gitflags.server;

import dev.gitflags.internal.Snapshot;

import java.time.Instant;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The one mutable thing of the server: a reference to the current {@link ServedState}, swapped atomically by the
 * {@link Reloader} and read by controllers. Readers never block and never see a half-loaded state.
 */
public final class SnapshotHolder {

    private final AtomicReference<ServedState> state = new AtomicReference<>(ServedState.EMPTY);

    /** The state to answer one request from; read it once per request. */
    public ServedState current() {
        return state.get();
    }

    /**
     * Serves {@code snapshot} from now on: a valid load of {@code version}, whose files have the id
     * {@code content} (null when the source has none).
     */
    public ServedState serve(Snapshot snapshot, String version, String content, Instant loadedAt) {
        return state.updateAndGet(current -> current.serving(snapshot, version, content, loadedAt));
    }

    /** Records why the newest version is not served; the snapshot served so far stays served. */
    public ServedState reject(ServedState.Rejection rejection) {
        return state.updateAndGet(current -> current.rejecting(rejection));
    }
}
