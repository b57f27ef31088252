package dev.gitflags.cli;

import dev.gitflags.internal.diff.DiffReport;
import dev.gitflags.internal.load.Loader;
import dev.gitflags.internal.load.SourceException;
import dev.gitflags.internal.promote.ConfigRepository;
import dev.gitflags.internal.promote.PromotionPlan;
import dev.gitflags.internal.promote.PromotionResult;
import dev.gitflags.internal.promote.Promoter;
import dev.gitflags.internal.promote.Refusal;
import dev.gitflags.internal.view.PlainValues;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** {@code gitflags promote}: copies what changed in one environment into another, as a generated commit. */
@Command(name = "promote", mixinStandardHelpOptions = true,
        description = {"Promote flags from one environment to another as a git commit on a branch.",
                "Only the fields that resolve differently are written, into DST's own overrides;",
                "every other line of the file stays byte for byte. The result is loaded and",
                "checked before anything is committed. The plan and the commit message list every",
                "environment whose resolved flags change (DST and those inheriting from it), as",
                "gitflags diff prints them."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:promoted, dry run, or nothing to promote",
                "1:refused: the promotion is meaningless or its result would be an invalid config",
                "2:usage error, unknown environment/flag/branch, uncommitted changes, or I/O error"})
public final class PromoteCommand extends CliCommand {

    @Mixin
    RepoFolderOption repo;

    @Mixin
    LimitOptions limits;

    // Not the CommitOption mixin: here --ref is the branch to commit on, never a commit to read.
    @Option(names = "--ref", paramLabel = "BRANCH",
            description = "The branch to promote on (default: the checked-out branch).")
    String ref;

    @Option(names = "--from", required = true, paramLabel = "SRC", description = "Environment to promote from.")
    String from;

    @Option(names = "--to", required = true, paramLabel = "DST", description = "Environment to promote into.")
    String to;

    @Parameters(paramLabel = "KEY", arity = "0..*", description = "Flags to promote.")
    List<String> keys = new ArrayList<>();

    @Option(names = "--all", description = "Promote every flag that resolves differently in DST than in SRC.")
    boolean all;

    @Mixin
    GeneratedCommitOptions commit;

    @Option(names = "--dry-run",
            description = "Print the plan (every environment that would change) and the unified diff; commit nothing.")
    boolean dryRun;

    @Mixin
    TextOrJsonOption output;

    @Override
    protected int run() throws IOException {
        if (all == !keys.isEmpty()) {
            throw CommandFailure.usage(all ? "give either flag keys or --all, not both"
                    : "name the flags to promote, or --all for every flag that differs");
        }
        Promoter.Request request = new Promoter.Request(from, to, keys, ref, commit.branch, dryRun, commit.message,
                commit.author());
        PromotionResult result;
        try (ConfigRepository config = ConfigRepository.open(repo.folder())) {
            // incremental: the check of the edited tree reuses what loading the tip parsed
            Loader loader = Loader.incremental(limits.limits());
            result = new Promoter(config.repository(), config.subfolder(), loader).promote(request);
        } catch (SourceException unreadable) {
            throw CommandFailure.usage(unreadable.getMessage());
        }
        if (output.json()) {
            out().print(DocumentWriter.json(json(result)));
            out().println();
        } else {
            printText(result);
        }
        return result.status() == PromotionResult.Status.REFUSED ? ExitCodes.forRefusal(result.refusal().kind())
                : ExitCodes.OK;
    }

    private void printText(PromotionResult result) {
        switch (result.status()) {
            case PROMOTED -> {
                out().println("promoted " + from + " → " + to + " on " + result.branch() + ": "
                        + String.join(", ", result.plan().keys()));
                printPlan(result);
                out().println("commit " + result.commit() + (result.attempts() > 1
                        ? " (after " + (result.attempts() - 1) + " retry(ies): the branch moved meanwhile)" : ""));
            }
            case DRY_RUN -> {
                out().println("would promote " + from + " → " + to + ": " + String.join(", ", result.plan().keys()));
                printPlan(result);
                out().println();
                out().print(result.diff());
                out().println();
                out().println("dry run: nothing committed");
            }
            case NOTHING_TO_PROMOTE -> out().println("nothing to promote: " + result.plan().reason());
            case REFUSED -> {
                Refusal refusal = result.refusal();
                refusal.problems().forEach(err()::println);
                err().println("gitflags: " + refusal);
            }
        }
    }

    /** The blast radius as {@code gitflags diff} prints it: every environment whose resolved flags change. */
    private void printPlan(PromotionResult result) {
        out().print(DiffReport.environments(result.blastRadius()));
        out().println(DiffReport.summary(result.blastRadius()));
        if (!result.plan().unchanged().isEmpty()) {
            out().println("already the same: " + String.join(", ", result.plan().unchanged()));
        }
    }

    private Map<String, Object> json(PromotionResult result) {
        Map<String, Object> document = new LinkedHashMap<>();
        document.put("status", result.status().name().toLowerCase());
        document.put("from", from);
        document.put("to", to);
        PromotionPlan plan = result.plan();
        if (plan != null) {
            document.put("source_commit", plan.sourceCommit());
            document.put("file", plan.targetFile());
            document.put("flags", plan.flags().stream().map(flag -> {
                Map<String, Object> entry = new LinkedHashMap<>();
                entry.put("key", flag.key());
                entry.put("changes", flag.changes().stream().map(change -> {
                    Map<String, Object> field = new LinkedHashMap<>();
                    field.put("field", change.field().yamlName());
                    field.put("old", PlainValues.field(change.field(), change.oldValue()));
                    field.put("new", PlainValues.field(change.field(), change.newValue()));
                    field.put("action", change.action().name().toLowerCase());
                    return field;
                }).toList());
                return entry;
            }).toList());
            document.put("unchanged", plan.unchanged());
            document.put("reason", plan.reason());
        }
        if (result.blastRadius() != null) {
            document.put("summary", DiffReport.summary(result.blastRadius()));
            document.put("environments", DiffReport.plainEnvironments(result.blastRadius()));
        }
        document.put("branch", result.branch());
        document.put("commit", result.commit());
        document.put("attempts", result.attempts());
        document.put("diff", result.diff());
        if (result.refusal() != null) {
            Map<String, Object> refusal = new LinkedHashMap<>();
            refusal.put("message", result.refusal().message());
            refusal.put("hint", result.refusal().hint());
            refusal.put("problems", result.refusal().problems().stream().map(ProblemReport::toMap).toList());
            document.put("refusal", refusal);
        }
        return document;
    }
}
