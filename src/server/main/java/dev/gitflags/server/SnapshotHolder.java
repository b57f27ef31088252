package dev.gitflags.server;

import dev.gitflags.internal.Snapshot;
import dev.gitflags.internal.model.Problem;

import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

/**
 * The one mutable thing of the server: a reference to the current {@link ServedState}, swapped atomically by the
 * {@link Reloader} and read by controllers. Readers never block and never see a half-loaded state.
 */
public final class SnapshotHolder {

    private final AtomicReference<ServedState> state = new AtomicReference<>(ServedState.EMPTY);
    private final List<Consumer<ServedState>> listeners = new CopyOnWriteArrayList<>();

    /** The state to answer one request from; read it once per request. */
    public ServedState current() {
        return state.get();
    }

    /**
     * Serves {@code snapshot} from now on: a valid load of {@code version}, whose files have the id
     * {@code content} (null when the source has none).
     */
    public ServedState serve(Snapshot snapshot, String version, String content, Instant loadedAt) {
        return serve(snapshot, version, content, loadedAt, List.of());
    }

    /** {@link #serve(Snapshot, String, String, Instant)} of a load that found {@code warnings}, shown at /status. */
    public ServedState serve(Snapshot snapshot, String version, String content, Instant loadedAt,
                             List<Problem> warnings) {
        ServedState served = state.updateAndGet(current -> current.serving(snapshot, version, content, loadedAt,
                warnings));
        listeners.forEach(listener -> listener.accept(served));
        return served;
    }

    /** Calls {@code listener} with every newly served state, right after the swap, on the thread that swapped. */
    public void onServe(Consumer<ServedState> listener) {
        listeners.add(listener);
    }

    /** Records why the newest version is not served; the snapshot served so far stays served. */
    public ServedState reject(ServedState.Rejection rejection) {
        return state.updateAndGet(current -> current.rejecting(rejection));
    }
}
