package dev.gitflags.cli;

import dev.gitflags.internal.Snapshot;
import dev.gitflags.internal.flagd.FlagdExport;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code gitflags export --format flagd}: one environment as flagd flag definitions, exact or nothing. A flag
 * flagd cannot reproduce exactly is left out and named with its reason on stderr ({@code --report json}: one JSON
 * document there); with {@code --strict} any such flag fails the export and nothing is written.
 */
@Command(name = "export", mixinStandardHelpOptions = true,
        description = {"Write an environment's resolved flags in another tool's format: flagd's flag definitions",
                "(flags.json), which flagd and every flagd in-process provider evaluate. A flag flagd cannot",
                "reproduce exactly is left out and named with its reason on stderr (--strict: fail instead)."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {ExitCodes.OK_DOC, "1:the config repo is invalid, or --strict and some flag cannot be exported",
                ExitCodes.USAGE_OR_IO_DOC})
public final class ExportCommand extends CliCommand {

    @Mixin
    RepoOptions repo;

    @Option(names = "--env", paramLabel = "ENV", required = true, description = "The environment slug.")
    String environment;

    @Option(names = "--format", paramLabel = "FORMAT", required = true,
            completionCandidates = OutputFormat.Flagd.class, converter = OutputFormat.Flagd.class,
            description = "Output: ${COMPLETION-CANDIDATES}.")
    OutputFormat format;

    @Option(names = "--strict", description = "Fail (exit 1, nothing written) when any flag cannot be exported exactly.")
    boolean strict;

    @Option(names = "--report", paramLabel = "FORMAT", defaultValue = "text",
            completionCandidates = OutputFormat.TextOrJson.class, converter = OutputFormat.TextOrJson.class,
            description = "How stderr names the flags left out: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).")
    OutputFormat report;

    @Override
    protected int run() {
        Snapshot snapshot = repo.loadValid(err());
        SnapshotLookup.environment(snapshot, environment);
        if (!snapshot.serves(environment)) {
            throw CommandFailure.usage("environment '" + environment + "' is not served (inactive, or not in "
                    + "allowed_environments), so there is nothing to export");
        }
        FlagdExport.Result result = FlagdExport.of(snapshot, environment);
        boolean failed = strict && !result.omitted().isEmpty();
        printReport(result.omitted(), failed);
        if (failed) {
            return ExitCodes.INVALID_CONFIG;
        }
        out().println(DocumentWriter.json(result.document()));
        return ExitCodes.OK;
    }

    private void printReport(List<FlagdExport.Omission> omitted, boolean failed) {
        if (report == OutputFormat.json) {
            Map<String, Object> document = new LinkedHashMap<>();
            document.put("environment", environment);
            document.put("exported", !failed);
            document.put("omitted", omitted.stream().map(o -> Map.of("flag", o.flag(), "reason", o.reason())).toList());
            err().println(DocumentWriter.json(document));
            return;
        }
        for (FlagdExport.Omission omission : omitted) {
            err().println("gitflags: " + (failed ? "cannot export" : "left out") + " '" + omission.flag() + "': "
                    + omission.reason());
        }
        if (failed) {
            err().println("gitflags: --strict: " + omitted.size() + " flag" + (omitted.size() == 1 ? "" : "s")
                    + " flagd cannot reproduce exactly; nothing written");
        }
    }
}
