package dev.gitflags.cli;

import dev.gitflags.LoadResult;
import dev.gitflags.Snapshot;
import dev.gitflags.load.ConfigSource;
import dev.gitflags.load.ConfigSources;
import dev.gitflags.load.LoadLimits;
import dev.gitflags.load.Loader;
import dev.gitflags.load.SourceException;
import dev.gitflags.model.Problem;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.nio.file.Path;

/**
 * The options that say which config repo to read, shared by every command as a picocli mixin
 * ({@code @Mixin RepoOptions repo;}): {@code --repo DIR}, {@code --ref REF}, {@code --max-file-size SIZE}.
 */
public final class RepoOptions {

    @Option(names = "--repo", paramLabel = "DIR", defaultValue = ".",
            description = "Config repo folder: a git work tree, a subfolder of one, or a bare repo (default: ${DEFAULT-VALUE}).")
    private Path repo;

    @Option(names = "--ref", paramLabel = "REF",
            description = "Read this commit of the git repo (a branch, tag, HEAD~3 or a SHA) instead of the files on disk.")
    private String ref;

    @Option(names = "--max-file-size", paramLabel = "SIZE", converter = ByteSizeConverter.class,
            description = "Largest YAML file accepted, e.g. 512KiB or 4MiB (default: 1MiB).")
    private Long maxFileSize;

    public Path repo() {
        return repo;
    }

    /** The ref to read, or null for the working tree. */
    public String ref() {
        return ref;
    }

    public LoadLimits limits() {
        LoadLimits defaults = LoadLimits.DEFAULT;
        return maxFileSize == null ? defaults
                : new LoadLimits(maxFileSize, defaults.maxAliases(), defaults.maxNestingDepth());
    }

    /**
     * The files to load: the folder on disk, or the tree of {@code --ref} read through JGit; close it when done.
     * A folder, repository or ref that cannot be opened is a {@link CommandFailure} with exit 2.
     */
    public ConfigSource openSource() {
        try {
            return ConfigSources.open(repo, ref);
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
