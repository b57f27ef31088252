package dev.gitflags.testing;

import dev.gitflags.cli.GitflagsCommand;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;

/**
 * Runs the real {@code gitflags} command line in-process, the way the jar's main does, capturing stdout and
 * stderr (line ends normalized to {@code \n}).
 */
public record Cli(int exitCode, String out, String err) {

    /** Runs {@code gitflags args...} and returns its exit code and output. */
    public static Cli run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine commandLine = new CommandLine(new GitflagsCommand());
        commandLine.setOut(new PrintWriter(out, true));
        commandLine.setErr(new PrintWriter(err, true));
        int exitCode = commandLine.execute(args);
        return new Cli(exitCode, out.toString().replace("\r\n", "\n"), err.toString().replace("\r\n", "\n"));
    }

    /** For assertion messages: everything the command printed. */
    public String transcript() {
        return "exit " + exitCode + "\n--- stdout\n" + out + "--- stderr\n" + err;
    }
}
