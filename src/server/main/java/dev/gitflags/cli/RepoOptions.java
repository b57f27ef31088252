package dev.gitflags.cli;

import dev.gitflags.internal.LoadResult;
import dev.gitflags.internal.Snapshot;
import dev.gitflags.internal.load.ConfigSource;
import dev.gitflags.internal.load.ConfigSources;
import dev.gitflags.internal.load.LoadLimits;
import dev.gitflags.internal.load.Loader;
import dev.gitflags.internal.load.SourceException;
import dev.gitflags.internal.model.Problem;
import picocli.CommandLine.Mixin;

import java.io.PrintWriter;
import java.nio.file.Path;

/**
 * Which version of which config repo to read, for the commands that read one ({@code @Mixin RepoOptions repo;}):
 * the shared {@link RepoFolderOption} ({@code --repo DIR}), {@link CommitOption} ({@code --ref REF}) and
 * {@link LimitOptions} ({@code --max-file-size SIZE}), and loading with them.
 */
public final class RepoOptions {

    @Mixin
    private RepoFolderOption folder;

    @Mixin
    private CommitOption commit;

    @Mixin
    private LimitOptions limits;

    public Path repo() {
        return folder.folder();
    }

    /** The ref to read, or null for the working tree. */
    public String ref() {
        return commit.ref();
    }

    public LoadLimits limits() {
        return limits.limits();
    }

    /**
     * The files to load: the folder on disk, or the tree of {@code --ref} read through JGit; close it when done.
     * A folder, repository or ref that cannot be opened is a {@link CommandFailure} with exit 2.
     */
    public ConfigSource openSource() {
        try {
            return ConfigSources.open(repo(), ref());
        } catch (SourceException unreadable) {
            throw CommandFailure.usage(unreadable.getMessage());
        }
    }

    /** Loads and validates; bad content is reported in the result, only failing to open the repo throws. */
    public LoadResult load(ConfigSource source) {
        return new Loader(limits()).load(source);
    }

    /**
     * The valid snapshot, or — when the config is invalid — every problem printed on {@code err} and a
     * {@link CommandFailure} with the exit code {@link ExitCodes#forProblems} gives.
     */
    public Snapshot loadValid(PrintWriter err) {
        try (ConfigSource source = openSource()) {
            LoadResult result = load(source);
            if (result.isValid()) {
                return result.snapshot();
            }
            for (Problem problem : result.problems()) {
                err.println(problem);
            }
            throw new CommandFailure(ExitCodes.forProblems(result.problems()), source.description() + " is invalid: "
                    + ProblemReport.count(result.problems()) + " (listed above)");
        }
    }
}
