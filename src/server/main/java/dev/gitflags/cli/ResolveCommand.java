package dev.gitflags.cli;

import dev.gitflags.internal.Snapshot;
import dev.gitflags.internal.graph.ResolvedEnvironment;
import dev.gitflags.internal.view.PlainValues;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** {@code gitflags resolve}: the effective flags of one environment after inheritance. */
@Command(name = "resolve", mixinStandardHelpOptions = true,
        description = "Print the effective flags of an environment (all, or the keys given) after inheritance.",
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {ExitCodes.OK_DOC, ExitCodes.INVALID_CONFIG_DOC, ExitCodes.USAGE_OR_IO_DOC})
public final class ResolveCommand extends CliCommand {

    @Mixin
    RepoOptions repo;

    @Option(names = "--env", paramLabel = "ENV", required = true, description = "The environment slug.")
    String environment;

    @Parameters(paramLabel = "KEY", arity = "0..*", description = "Flag keys to print (default: every flag).")
    List<String> keys = List.of();

    @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "yaml",
            completionCandidates = OutputFormat.YamlOrJson.class,
            converter = OutputFormat.YamlOrJson.class,
            description = "Output: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).")
    OutputFormat format;

    @Override
    protected int run() {
        Snapshot snapshot = repo.loadValid(err());
        ResolvedEnvironment resolved = SnapshotLookup.environment(snapshot, environment);
        SnapshotLookup.requireFlags(snapshot, keys);
        if (!resolved.environment().active()) {
            err().println("gitflags: note: environment '" + environment + "' is inactive (not served)");
        }
        Map<String, Object> flags = new LinkedHashMap<>();
        for (String key : keys.isEmpty() ? snapshot.flagKeys() : keys) {
            flags.put(key, PlainValues.flag(resolved.flag(key)));
        }
        Map<String, Object> document = new LinkedHashMap<>();
        document.put("environment", environment);
        document.put("chain", SnapshotLookup.effectiveChain(snapshot, environment));
        document.put("commit", snapshot.commit());
        document.put("flags", flags);
        out().print(format == OutputFormat.json ? DocumentWriter.json(document) + System.lineSeparator()
                : DocumentWriter.yaml(document));
        return ExitCodes.OK;
    }
}
