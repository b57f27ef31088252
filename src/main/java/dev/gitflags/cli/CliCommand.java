package dev.gitflags.cli;

import dev.gitflags.load.ReadOnlyGit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.util.concurrent.Callable;

/**
 * Base of the gitflags subcommands: runs {@link #run()} and turns the expected failures ({@link CommandFailure},
 * I/O errors) into one message on stderr and an exit code from {@link ExitCodes}, never a stack trace.
 * An unexpected exception (a bug) prints its trace and also exits 2. Output goes to picocli's writers so tests
 * can capture it.
 */
/* Picocli's own fallback for an exception that escapes call() would be 1, which means "invalid config". */
@Command(exitCodeOnExecutionException = ExitCodes.USAGE_OR_IO)
public abstract class CliCommand implements Callable<Integer> {

    @Spec
    protected CommandSpec spec;

    /** Does the command's work and returns its exit code. */
    protected abstract int run() throws IOException;

    @Override
    public final Integer call() {
        // Before any repository is opened: JGit would otherwise write its own config file (see ReadOnlyGit).
        ReadOnlyGit.install();
        try {
            return run();
        } catch (CommandFailure failure) {
            err().println("gitflags: " + failure.getMessage());
            return failure.exitCode();
        } catch (IOException | UncheckedIOException failure) {
            err().println("gitflags: " + failure.getMessage());
            return ExitCodes.USAGE_OR_IO;
        } catch (RuntimeException bug) {
            // A bug, not bad input: keep the trace for the report, but still exit with a documented code.
            err().println("gitflags: internal error: " + bug);
            bug.printStackTrace(err());
            return ExitCodes.USAGE_OR_IO;
        } finally {
            out().flush();
            err().flush();
        }
    }

    protected PrintWriter out() {
        return spec.commandLine().getOut();
    }

    protected PrintWriter err() {
        return spec.commandLine().getErr();
    }
}
