package dev.gitflags.cli;

import dev.gitflags.internal.Snapshot;
import dev.gitflags.internal.analysis.ConfigHistory;
import dev.gitflags.internal.analysis.StaleFlags;
import dev.gitflags.internal.load.ConfigSources;
import dev.gitflags.internal.load.SourceException;
import org.eclipse.jgit.lib.ObjectId;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code gitflags stale}: the flags and overrides due for removal ({@link StaleFlags}), with file:line and why.
 * Ages and "unchanged for N days" come from the first-parent history of the commit read ({@code --ref}, or HEAD
 * for the files on disk).
 */
@Command(name = "stale", mixinStandardHelpOptions = true,
        description = {"List flags due for removal: expired, older than gitflags.yaml's lifecycle policy allows,",
                "or serving one value to every request everywhere for unchanged_days (done rolling out); and",
                "overrides that change nothing or cannot take effect. Each with file:line and the reason."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:nothing is stale", "1:something is stale (listed)",
                "2:usage error, an invalid config repo, or the repo/ref could not be read"})
public final class StaleCommand extends CliCommand {

    @Mixin
    RepoOptions repo;

    @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "text",
            completionCandidates = OutputFormat.TextJsonOrMarkdown.class,
            converter = OutputFormat.TextJsonOrMarkdown.class,
            description = "Output: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).")
    OutputFormat format;

    @Option(names = "--as-of", paramLabel = "DATE",
            description = "Judge expiry and ages as of this day, YYYY-MM-DD (default: today, UTC).")
    LocalDate asOf;

    @Override
    protected int run() throws IOException {
        LocalDate today = asOf == null ? LocalDate.now(ZoneOffset.UTC) : asOf;
        Snapshot snapshot;
        try {
            snapshot = repo.loadValid(err());
        } catch (CommandFailure invalid) {
            // 1 means "something is stale" here
            throw new CommandFailure(ExitCodes.USAGE_OR_IO, invalid.getMessage());
        }
        StaleFlags.Report report = withHistory(snapshot, today);
        switch (format) {
            case json -> out().println(DocumentWriter.json(json(report, today)));
            case markdown -> printMarkdown(report, today);
            default -> printText(report, today);
        }
        return report.findings().isEmpty() ? ExitCodes.OK : ExitCodes.INVALID_CONFIG;
    }

    /** The report with the history of the commit read; without it when the folder is in no git repository. */
    private StaleFlags.Report withHistory(Snapshot snapshot, LocalDate today) throws IOException {
        ConfigSources.GitLocation location;
        try {
            location = ConfigSources.locate(repo.repo(), "not a git repository");
        } catch (SourceException noGit) {
            return StaleFlags.find(snapshot, today, null);
        }
        try (var repository = location.repository()) {
            ObjectId tip = repository.resolve(snapshot.commit() != null ? snapshot.commit() : "HEAD");
            ConfigHistory history = tip == null ? null
                    : ConfigHistory.of(repository, location.subfolder(), tip, repo.limits());
            return StaleFlags.find(snapshot, today, history);
        }
    }

    private void printText(StaleFlags.Report report, LocalDate today) {
        for (StaleFlags.Finding finding : report.findings()) {
            out().println(finding.origin() + ": " + finding.flagKey() + ": " + finding.detail()
                    + " [" + finding.reason() + "]");
        }
        if (report.historyNote() != null) {
            out().println("note: " + report.historyNote());
        }
        out().println(summary(report.findings(), today));
    }

    private void printMarkdown(StaleFlags.Report report, LocalDate today) {
        out().println("### Stale flags as of " + today);
        out().println();
        if (!report.findings().isEmpty()) {
            out().println("| flag | where | reason | detail |");
            out().println("|---|---|---|---|");
            for (StaleFlags.Finding finding : report.findings()) {
                out().println("| `" + finding.flagKey() + "` | `" + finding.origin().fileAndLine() + "` | "
                        + finding.reason().name().toLowerCase(java.util.Locale.ROOT) + " | "
                        + finding.detail().replace("|", "\\|") + " |");
            }
            out().println();
        }
        if (report.historyNote() != null) {
            out().println("> " + report.historyNote());
            out().println();
        }
        out().println(summary(report.findings(), today));
    }

    private static Map<String, Object> json(StaleFlags.Report report, LocalDate today) {
        Map<String, Object> document = new LinkedHashMap<>();
        document.put("asOf", today.toString());
        document.put("historyNote", report.historyNote());
        document.put("findings", report.findings().stream().map(finding -> {
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("flag", finding.flagKey());
            entry.put("environment", finding.environment());
            entry.put("reason", finding.reason().name());
            entry.put("file", finding.origin().file());
            entry.put("line", finding.origin().line());
            entry.put("column", finding.origin().column());
            entry.put("detail", finding.detail());
            return entry;
        }).toList());
        return document;
    }

    private static String summary(List<StaleFlags.Finding> findings, LocalDate today) {
        long flags = findings.stream().filter(f -> f.environment() == null).map(StaleFlags.Finding::flagKey)
                .distinct().count();
        long overrides = findings.stream().filter(f -> f.environment() != null).count();
        return findings.isEmpty() ? "nothing stale as of " + today
                : flags + (flags == 1 ? " stale flag, " : " stale flags, ") + overrides
                + (overrides == 1 ? " dead override" : " dead overrides") + " as of " + today;
    }
}
