package dev.gitflags.internal.load;

/**
 * A config source could not be opened: no such folder, not a git repository, unknown ref, or the config folder
 * is absent from that commit. The message says which and is meant for the user (the CLI exits with 2).
 */
public final class SourceException extends Exception {

    public SourceException(String message) {
        super(message);
    }

    public SourceException(String message, Throwable cause) {
        super(message, cause);
    }
}
