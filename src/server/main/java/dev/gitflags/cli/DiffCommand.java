package dev.gitflags.cli;

import dev.gitflags.internal.LoadResult;
import dev.gitflags.internal.Snapshot;
import dev.gitflags.internal.diff.DiffReport;
import dev.gitflags.internal.diff.SnapshotDiff;
import dev.gitflags.internal.load.ConfigSource;
import dev.gitflags.internal.load.ConfigSources;
import dev.gitflags.internal.load.Loader;
import dev.gitflags.internal.load.SourceException;
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
                "config folder as it is on disk (like git diff). As in git diff, A..B compares A",
                "with B, and A...B compares the merge base of A and B with B: what B's branch",
                "changed since it forked, whatever A did since (a pull request's own change)."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:no flag resolves differently", "1:some flag resolves differently",
                "2:usage error, unreadable repo or ref, or an invalid config on either side"})
public final class DiffCommand extends CliCommand {

    /** Exit code when something resolves differently, so CI can branch on it. */
    static final int CHANGED = 1;

    @Parameters(index = "0", paramLabel = "FROM_REF",
            description = "The commit before: a branch, tag, HEAD~3 or SHA; or a range A..B or A...B (a side "
                    + "left out is HEAD).")
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
        Sides sides = sides();
        Loader loader = Loader.incremental(limits.limits());
        Snapshot before = load(loader, sides.from());
        Snapshot after = load(loader, sides.to());
        SnapshotDiff diff = SnapshotDiff.between(before, after);
        out().print(switch (format) {
            case json -> DiffReport.json(diff, sides.fromLabel(), sides.toLabel());
            case markdown -> DiffReport.markdown(diff, sides.fromLabel(), sides.toLabel());
            default -> DiffReport.text(diff, sides.fromLabel(), sides.toLabel());
        });
        return diff.isEmpty() ? ExitCodes.OK : CHANGED;
    }

    /** The refs to load (null for the working tree) and how the report names them. */
    private record Sides(String from, String fromLabel, String to, String toLabel) {
    }

    /** FROM_REF and TO_REF, or git's ranges: A..B is A to B, A...B the merge base of A and B to B. */
    private Sides sides() {
        int dots = fromRef.indexOf("..");
        if (dots < 0) {
            return new Sides(fromRef, fromRef, toRef, toRef == null ? "working tree" : toRef);
        }
        if (toRef != null) {
            throw CommandFailure.usage("give a range " + fromRef + " or two refs, not both");
        }
        boolean fromMergeBase = fromRef.startsWith("...", dots);
        String left = orHead(fromRef.substring(0, dots));
        String right = orHead(fromRef.substring(dots + (fromMergeBase ? 3 : 2)));
        if (right.contains("..")) {
            throw CommandFailure.usage("'" + fromRef + "' is not a range: write A..B or A...B");
        }
        if (!fromMergeBase) {
            return new Sides(left, left, right, right);
        }
        try {
            String base = ConfigSources.mergeBase(repo.folder(), left, right);
            return new Sides(base, "merge base " + base.substring(0, 12), right, right);
        } catch (SourceException unreadable) {
            throw CommandFailure.usage(unreadable.getMessage());
        }
    }

    /** As in git, a side of a range left out is HEAD. */
    private static String orHead(String ref) {
        return ref.isEmpty() ? "HEAD" : ref;
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
