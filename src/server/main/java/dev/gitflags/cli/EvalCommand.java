package dev.gitflags.cli;

import dev.gitflags.internal.Snapshot;
import dev.gitflags.internal.eval.EvaluationContext;
import dev.gitflags.internal.eval.EvaluationResult;
import dev.gitflags.internal.eval.Evaluator;
import dev.gitflags.internal.view.ValueText;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** {@code gitflags eval}: evaluates one flag in one environment for a context, as the server would. */
@Command(name = "eval", mixinStandardHelpOptions = true,
        description = {"Evaluate a flag in an environment for a context.",
                "Prints value, variant, reason (STATIC, TARGETING_MATCH, SPLIT, DISABLED, DEFAULT, ERROR) and the",
                "error code, if any. --attr values that look like numbers or booleans are typed so; wrap a value",
                "in double quotes to keep it a string."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:evaluated", ExitCodes.INVALID_CONFIG_DOC,
                "2:usage error, unknown environment/flag, I/O error, or the evaluation ended in an error"})
public final class EvalCommand extends CliCommand {

    @Mixin
    RepoOptions repo;

    @Option(names = "--env", paramLabel = "ENV", required = true, description = "The environment slug.")
    String environment;

    @Parameters(paramLabel = "KEY", description = "The flag key.")
    String key;

    @Option(names = "--target", paramLabel = "ID", description = "The targeting key (user id) used for rollouts and splits.")
    String target;

    @Option(names = "--attr", paramLabel = "KEY=VALUE",
            description = "A context attribute, repeatable: --attr country=NL --attr age=42 --attr beta=true.")
    List<String> attributes = List.of();

    @Option(names = "--context-json", paramLabel = "JSON",
            description = "Context attributes as a JSON object (--attr and --target win over it).")
    String contextJson;

    @Mixin
    TextOrJsonOption output;

    @Override
    protected int run() {
        EvaluationContext context = ContextArguments.build(target, attributes, contextJson);
        Snapshot snapshot = repo.loadValid(err());
        SnapshotLookup.environment(snapshot, environment);
        SnapshotLookup.requireFlags(snapshot, List.of(key));
        EvaluationResult result = Evaluator.evaluate(snapshot, environment, key, context);
        if (output.json()) {
            out().println(DocumentWriter.json(json(result)));
        } else {
            printText(result);
        }
        return result.isError() ? ExitCodes.USAGE_OR_IO : ExitCodes.OK;
    }

    private void printText(EvaluationResult result) {
        out().println("value:   " + ValueText.value(result.value()));
        out().println("variant: " + (result.variant() == null ? "-" : result.variant()));
        out().println("reason:  " + result.reason());
        if (result.isError()) {
            out().println("error:   " + result.errorCode() + ": " + result.errorMessage());
        }
    }

    private Map<String, Object> json(EvaluationResult result) {
        Map<String, Object> document = new LinkedHashMap<>();
        document.put("key", key);
        document.put("environment", environment);
        document.put("value", result.value());
        document.put("variant", result.variant());
        document.put("reason", result.reason().name());
        document.put("errorCode", result.errorCode() == null ? null : result.errorCode().name());
        document.put("errorMessage", result.errorMessage());
        document.put("metadata", result.metadata());
        return document;
    }
}
