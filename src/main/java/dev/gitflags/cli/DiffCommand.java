package dev.gitflags.cli;

import dev.gitflags.LoadResult;
import dev.gitflags.Snapshot;
import dev.gitflags.diff.DiffReport;
import dev.gitflags.diff.SnapshotDiff;
import dev.gitflags.load.ConfigSource;
import dev.gitflags.load.ConfigSources;
import dev.gitflags.load.Loader;
import dev.gitflags.load.SourceException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code gitflags diff}: the blast radius of a change — which flags resolve differently, where, and why. */
@Command(name = "diff", mixinStandardHelpOptions = true,
        description = {"The blast radius of a change: for every environment, the flags that resolve",
                "differently between two commits, field by field (old → new), with the file:line",
                "that caused it. A change to a base flag or a parent link shows in every",
                "environment that inherits it. Without TO_REF, FROM_REF is compared with the",
                "config folder as it is on disk (like git diff)."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:no flag resolves differently", "1:some flag resolves differently",
                "2:usage error, unreadable repo or ref, or an invalid config on either side"})
public final class DiffCommand extends CliCommand {

    /** Exit code when something resolves differently, so CI can branch on it. */
    static final int CHANGED = 1;

    @Parameters(index = "0", paramLabel = "FROM_REF", description = "The commit before: a branch, tag, HEAD~3 or SHA.")
    String fromRef;

    @Parameters(index = "1", arity = "0..1", paramLabel = "TO_REF",
            description = "The commit after (default: the files on disk).")
    String toRef;

    @Mixin
    RepoFolderOption repo;

    @Mixin
    LimitOptions limits;

    @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "text",
            completionCandidates = OutputFormat.TextJsonOrMarkdown.class,
            converter = OutputFormat.TextJsonOrMarkdown.class,
            description = "Output: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).")
    OutputFormat format;

    @Override
    protected int run() {
        Loader loader = Loader.incremental(limits.limits());
        Snapshot before = load(loader, fromRef);
        Snapshot after = load(loader, toRef);
        SnapshotDiff diff = SnapshotDiff.between(before, after);
        String toLabel = toRef == null ? "working tree" : toRef;
        out().print(switch (format) {
            case json -> DiffReport.json(diff, fromRef, toLabel);
            case markdown -> DiffReport.markdown(diff, fromRef, toLabel);
            default -> DiffReport.text(diff, fromRef, toLabel);
        });
        return diff.isEmpty() ? ExitCodes.OK : CHANGED;
    }

    /** A side that cannot be read or is invalid is an error (exit 2): there is nothing meaningful to compare. */
    private Snapshot load(Loader loader, String ref) {
        try (ConfigSource source = ConfigSources.open(repo.folder(), ref)) {
            LoadResult result = loader.load(source);
            if (!result.isValid()) {
                result.problems().forEach(err()::println);
                throw CommandFailure.usage(source.description() + " is invalid: "
                        + ProblemReport.count(result.problems()) + " (listed above); diff compares valid configs");
            }
            return result.snapshot();
        } catch (SourceException unreadable) {
            throw CommandFailure.usage(unreadable.getMessage());
        }
    }
}
