package dev.gitflags.cli;

/**
 * An expected way for a command to fail (unknown environment, unreadable repo, invalid config): the message is
 * printed on stderr as {@code gitflags: <message>} and the command exits with {@code exitCode}, no stack trace.
 */
public final class CommandFailure extends RuntimeException {

    private final int exitCode;

    public CommandFailure(int exitCode, String message) {
        super(message);
        this.exitCode = exitCode;
    }

    /** A usage or I/O failure (exit 2). */
    public static CommandFailure usage(String message) {
        return new CommandFailure(ExitCodes.USAGE_OR_IO, message);
    }

    public int exitCode() {
        return exitCode;
    }
}
