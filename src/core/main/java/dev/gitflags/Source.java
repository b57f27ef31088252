package dev.gitflags;

import java.io.IOException;
import java.time.Duration;

/**
 * Where a {@link Follower} gets versions of a config repository: a git ref or a working tree
 * ({@link ConfigRepository#source()}), or a source of another kind (a remote gitflags server) that implements this.
 * A source is asked for its current version on every poll, so that must be cheap; it loads only a version that moved.
 * The follower calls it from its own threads, one call at a time.
 */
public interface Source extends AutoCloseable {

    /** For logs and statuses: the folder, {@code folder @ ref}, or a URL. */
    String description();

    /** The version there is now: a commit SHA, or a fingerprint of a working tree's files. */
    String currentVersion() throws IOException;

    /**
     * Loads {@code version}, which {@link #currentVersion()} returned. Bad content is an invalid outcome, never an
     * exception; IOException means the version could not be read (the follower tries again next poll). A load
     * should give up once {@code timeout} has passed.
     */
    LoadOutcome load(String version, Duration timeout) throws IOException;

    /**
     * Asks the source to call {@code wake} whenever it hears that a new version may be there (a server's push),
     * so that the follower polls at once instead of at its next poll. {@code wake} is cheap and may be called from
     * any thread. The default never calls it: such a source is only polled.
     */
    default void onChange(Runnable wake) {
    }

    /** Releases what the source holds open (a git repository). */
    @Override
    void close() throws IOException;
}
