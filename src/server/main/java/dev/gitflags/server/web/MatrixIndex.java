package dev.gitflags.server.web;

import dev.gitflags.internal.Snapshot;
import jakarta.inject.Singleton;

import java.util.concurrent.atomic.AtomicReference;

/**
 * The {@link FlagMatrix} of the snapshot being served, built on first use and replaced when the snapshot is
 * swapped. Two requests racing on a fresh snapshot may both build it; the results are equal and either is kept.
 */
@Singleton
public final class MatrixIndex {

    private final AtomicReference<FlagMatrix> current = new AtomicReference<>();

    public FlagMatrix of(Snapshot snapshot) {
        FlagMatrix matrix = current.get();
        if (matrix != null && matrix.snapshot() == snapshot) {
            return matrix;
        }
        FlagMatrix built = FlagMatrix.of(snapshot);
        current.set(built);
        return built;
    }
}
