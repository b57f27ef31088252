package dev.gitflags.cli;

import dev.gitflags.internal.LoadResult;
import dev.gitflags.internal.Snapshot;
import dev.gitflags.internal.analysis.LifecycleCheck;
import dev.gitflags.internal.load.ConfigSource;
import dev.gitflags.internal.model.Problem;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * {@code gitflags validate}: loads a config repo, checks everything, prints every problem; for CI. Warnings are
 * printed too but leave the config valid (exit 0) unless {@code --strict}.
 */
@Command(name = "validate", mixinStandardHelpOptions = true,
        description = {"Check a config repo: YAML, schemas, inheritance, references, values, operators.",
                "Prints every problem with file:line:col and exits 1 when there is any error.",
                "Warnings (W_ codes: overrides that cannot take effect, empty environment files, expired flags)",
                "are printed too; they fail the check only with --strict.",
                "Flags are checked against gitflags.yaml's lifecycle policy (owner, expires) as of --as-of."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:the config is valid (it may have warnings, unless --strict)",
                "1:the config repo is invalid, or has warnings and --strict was given",
                "2:usage error, or the repo/ref could not be read"})
public final class ValidateCommand extends CliCommand {

    @Mixin
    RepoOptions repo;

    @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "text",
            completionCandidates = OutputFormat.TextJsonOrGithub.class,
            converter = OutputFormat.TextJsonOrGithub.class,
            description = "Output: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).")
    OutputFormat format;

    @Option(names = "--strict", description = "Exit 1 when there are warnings, as for errors.")
    boolean strict;

    @Option(names = "--as-of", paramLabel = "DATE",
            description = "Check expiry and lifetimes as of this day, YYYY-MM-DD (default: today, UTC).")
    LocalDate asOf;

    @Override
    protected int run() {
        try (ConfigSource source = repo.openSource()) {
            LoadResult result = withLifecycle(repo.load(source), asOf == null ? LocalDate.now(ZoneOffset.UTC) : asOf);
            switch (format) {
                case text -> printText(source, result);
                case json -> out().println(DocumentWriter.json(jsonReport(source, result)));
                case github -> printGithub(source, result);
            }
            if (!result.isValid()) {
                return ExitCodes.forProblems(result.problems());
            }
            return strict && !result.warnings().isEmpty() ? ExitCodes.INVALID_CONFIG : ExitCodes.OK;
        }
    }

    /**
     * The load's problems and the lifecycle policy's, sorted. A lifecycle error makes the check fail but not the
     * load, so the result is then an invalid one: validate says what CI must refuse, not what a server would serve.
     */
    private static LoadResult withLifecycle(LoadResult loaded, LocalDate today) {
        if (!loaded.isValid()) {
            return loaded;
        }
        List<Problem> problems = Stream.concat(loaded.problems().stream(),
                LifecycleCheck.problems(loaded.snapshot(), today).stream()).toList();
        return problems.stream().anyMatch(Problem::isError) ? LoadResult.invalid(problems)
                : LoadResult.valid(loaded.snapshot(), problems);
    }

    private void printText(ConfigSource source, LoadResult result) {
        result.problems().forEach(out()::println);
        out().println(result.isValid() ? summary(source, result)
                : ProblemReport.count(result.problems()) + " in " + source.description());
    }

    private void printGithub(ConfigSource source, LoadResult result) {
        String prefix = GitWorkTree.prefixOf(repo.repo());
        for (Problem problem : result.problems()) {
            out().println(ProblemReport.githubAnnotation(problem, prefix));
        }
        out().println(result.isValid() ? summary(source, result)
                : ProblemReport.count(result.problems()) + " in " + source.description());
    }

    /**
     * {@code valid: 14 flags, 6 environments, commit <sha> (<source>)}, no commit for a working tree, and
     * {@code ; 1 warning} when there are warnings.
     */
    private String summary(ConfigSource source, LoadResult result) {
        Snapshot snapshot = result.snapshot();
        int warnings = result.warnings().size();
        return "valid: " + snapshot.flags().size() + " flags, " + snapshot.environments().size() + " environments"
                + (snapshot.commit() == null ? "" : ", commit " + snapshot.commit())
                + " (" + source.description() + ")"
                + (warnings == 0 ? "" : "; " + warnings + (warnings == 1 ? " warning" : " warnings")
                + (strict ? " (--strict: the check fails)" : ""));
    }

    private static Map<String, Object> jsonReport(ConfigSource source, LoadResult result) {
        Map<String, Object> report = new LinkedHashMap<>();
        report.put("valid", result.isValid());
        report.put("source", source.description());
        report.put("commit", source.commit());
        if (result.isValid()) {
            report.put("flags", result.snapshot().flags().size());
            report.put("environments", result.snapshot().environments().size());
        }
        report.put("problems", result.problems().stream().map(ProblemReport::toMap).toList());
        return report;
    }
}
