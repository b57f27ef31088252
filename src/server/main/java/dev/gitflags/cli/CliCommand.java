package dev.gitflags.cli;

import dev.gitflags.internal.load.ReadOnlyGit;
import dev.gitflags.internal.promote.InterruptedPromotion;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Path;
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

    /**
     * Whether the command first finishes a promotion that a kill left unfinished in its repository (see
     * {@link InterruptedPromotion}); every command that reads a repository does, but one that must not write.
     */
    protected boolean finishesInterruptedPromotions() {
        return true;
    }

    @Override
    public final Integer call() {
        // Before any repository is opened: JGit would otherwise write its own config file (see ReadOnlyGit).
        ReadOnlyGit.install();
        try {
            finishInterruptedPromotion();
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

    /** Before the command's own work, so that it reads, and git sees, the repository whole. */
    private void finishInterruptedPromotion() {
        Path folder = repoFolder(spec);
        if (folder == null || !finishesInterruptedPromotions()) {
            return;
        }
        try {
            InterruptedPromotion.finish(folder).forEach(done -> err().println("gitflags: " + done));
        } catch (IOException unfinished) {
            err().println("gitflags: warning: " + unfinished.getMessage());
        }
    }

    /** The {@code --repo} folder of the command's {@link RepoFolderOption}, however deep among its mixins. */
    private static Path repoFolder(CommandSpec command) {
        for (CommandSpec mixin : command.mixins().values()) {
            Path folder = mixin.userObject() instanceof RepoFolderOption option ? option.folder() : repoFolder(mixin);
            if (folder != null) {
                return folder;
            }
        }
        return null;
    }

    protected PrintWriter out() {
        return spec.commandLine().getOut();
    }

    protected PrintWriter err() {
        return spec.commandLine().getErr();
    }
}
