package dev.gitflags.cli;

import dev.gitflags.GitflagsVersion;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

import java.util.concurrent.Callable;

/**
 * The {@code gitflags} entry point (the jar's main class). It only lists the subcommands; each lives in its own
 * class. Without a subcommand it prints usage and exits 2.
 */
@Command(name = "gitflags",
        mixinStandardHelpOptions = true,
        version = "gitflags " + GitflagsCommand.VERSION,
        description = "GitOps feature flags: validate, inspect, resolve and evaluate the flags kept in a git repo.",
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {ExitCodes.OK_DOC, ExitCodes.INVALID_CONFIG_DOC, ExitCodes.USAGE_OR_IO_DOC},
        exitCodeOnExecutionException = ExitCodes.USAGE_OR_IO,
        subcommands = {
                ValidateCommand.class,
                EnvsCommand.class,
                ResolveCommand.class,
                ExplainCommand.class,
                EvalCommand.class,
                ExportCommand.class,
                DiffCommand.class, PromoteCommand.class, ServeCommand.class,
                StaleCommand.class, RefsCommand.class, RetireCommand.class, LogCommand.class,
        })
public class GitflagsCommand implements Callable<Integer> {

    /** The version printed by {@code gitflags --version}. */
    public static final String VERSION = GitflagsVersion.CURRENT;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        throw new ParameterException(spec.commandLine(), "Missing subcommand: one of "
                + String.join(", ", spec.subcommands().keySet()));
    }

    /** Logback reads it for JGit's loggers (logback.xml); set before the first logger exists. */
    static final String JGIT_LOG_PROPERTY = "gitflags.jgit.log";

    public static void main(String[] args) {
        // A one-shot command reports every failure itself, in one line; JGit's log lines (stack traces of what it
        // tried) would only bury that. The server keeps them in its log.
        if (args.length == 0 || !args[0].equals("serve")) {
            System.setProperty(JGIT_LOG_PROPERTY, System.getProperty(JGIT_LOG_PROPERTY, "OFF"));
        }
        System.exit(new CommandLine(new GitflagsCommand()).execute(args));
    }
}
