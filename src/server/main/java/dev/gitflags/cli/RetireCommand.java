package dev.gitflags.cli;

import dev.gitflags.internal.load.Loader;
import dev.gitflags.internal.load.SourceException;
import dev.gitflags.internal.promote.ConfigRepository;
import dev.gitflags.internal.promote.Refusal;
import dev.gitflags.internal.promote.RetirementResult;
import dev.gitflags.internal.promote.Retirer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** {@code gitflags retire}: removes flags that are done rolling out, as one generated commit. */
@Command(name = "retire", mixinStandardHelpOptions = true,
        description = {"Retire flags as one git commit on a branch: each flag's definition and every override",
                "of it are removed (a flags file that defines nothing else is deleted); every other line",
                "stays byte for byte. The result is loaded and checked before anything is committed.",
                "Refused while a flag serves more than one value (a rule, variants, a partial rollout,",
                "environments that differ) or code under --code still references it, unless --force."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:retired, or dry run",
                "1:refused: a flag serves more than one value, code references it, or the result would be invalid",
                "2:usage error, unknown flag or branch, uncommitted changes, or I/O error"})
public final class RetireCommand extends CliCommand {

    @Mixin
    RepoFolderOption repo;

    @Mixin
    LimitOptions limits;

    @Parameters(paramLabel = "KEY", arity = "1..*", description = "Flags to retire.")
    List<String> keys = new ArrayList<>();

    @Option(names = "--ref", paramLabel = "BRANCH",
            description = "The branch to retire on (default: the checked-out branch).")
    String ref;

    @Mixin
    GeneratedCommitOptions commit;

    @Option(names = "--dry-run", description = "Print the unified diff of the retirement; commit nothing.")
    boolean dryRun;

    // one folder per --code, so that the keys after it are not taken for folders
    @Option(names = "--code", paramLabel = "DIR",
            description = "An application source folder that must not reference the flags, searched as gitflags"
                    + " refs --code searches (repeat for several).")
    List<Path> code = new ArrayList<>();

    @Option(names = "--force",
            description = "Retire even when a flag serves more than one value or code still references it.")
    boolean force;

    @Override
    protected int run() throws IOException {
        for (Path folder : code) {
            if (!Files.isDirectory(folder)) {
                throw CommandFailure.usage("no such folder: " + folder);
            }
        }
        Retirer.Request request = new Retirer.Request(keys, ref, commit.branch, dryRun, force, code, commit.message,
                commit.author());
        RetirementResult result;
        try (ConfigRepository config = ConfigRepository.open(repo.folder())) {
            result = new Retirer(config.repository(), config.subfolder(), Loader.incremental(limits.limits()))
                    .retire(request);
        } catch (SourceException unreadable) {
            throw CommandFailure.usage(unreadable.getMessage());
        }
        switch (result.status()) {
            case RETIRED -> {
                out().println("retired on " + result.branch() + ": " + String.join(", ", result.served().keySet()));
                printPlan(result);
                out().println("commit " + result.commit() + (result.attempts() > 1
                        ? " (after " + (result.attempts() - 1) + " retry(ies): the branch moved meanwhile)" : ""));
            }
            case DRY_RUN -> {
                out().println("would retire: " + String.join(", ", result.served().keySet()));
                printPlan(result);
                out().println();
                out().print(result.diff());
                out().println();
                out().println("dry run: nothing committed");
            }
            case REFUSED -> {
                Refusal refusal = result.refusal();
                refusal.problems().forEach(err()::println);
                err().println("gitflags: " + refusal);
                return ExitCodes.forRefusal(refusal.kind());
            }
        }
        return ExitCodes.OK;
    }

    /** What each flag served, and each file the commit edits or removes. */
    private void printPlan(RetirementResult result) {
        result.served().forEach((key, served) -> out().println("  " + key + ": " + served));
        for (String file : result.files()) {
            out().println("  " + (result.removed().contains(file) ? "removes " : "edits ") + file);
        }
    }
}
