package dev.gitflags.distribution;

import dev.gitflags.cli.GitflagsCommand;
import picocli.CommandLine;
import picocli.CommandLine.ParseResult;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.fail;

/** Checks command lines written in deployment files against the real picocli model of {@code gitflags}. */
final class CommandLines {

    private static final java.util.Set<String> SHELL_OPERATORS = java.util.Set.of(">", ">>", "2>", "|", "||", "&&", ";", "&");

    private CommandLines() {
    }

    /**
     * Parses {@code args} (what follows {@code gitflags}) with the root command, without running anything, and
     * returns the subcommand it names; fails the test naming the file when picocli rejects a subcommand, option
     * or value.
     */
    static ParseResult parse(String where, List<String> args) {
        try {
            ParseResult result = new CommandLine(new GitflagsCommand()).parseArgs(args.toArray(String[]::new));
            if (!result.hasSubcommand()) {
                fail(where + ": '" + String.join(" ", args) + "' names no gitflags subcommand");
            }
            return result.subcommand();
        } catch (CommandLine.ParameterException e) {
            return fail(where + ": 'gitflags " + String.join(" ", args) + "' is not a valid command line: "
                    + e.getMessage());
        }
    }

    /** Words of one shell line after the word {@code gitflags}, quotes removed; variables stay as written. */
    static List<String> wordsAfterGitflags(String line) {
        List<String> words = new ArrayList<>();
        boolean started = false;
        for (String word : line.trim().split("\\s+")) {
            String bare = word.replace("\"", "").replace("'", "");
            if (started && SHELL_OPERATORS.contains(bare)) {
                break;
            }
            if (started) {
                words.add(bare);
            } else if (bare.equals("gitflags") || bare.endsWith("/gitflags")) {
                started = true;
            }
        }
        if (!started) {
            fail("no 'gitflags' command in: " + line);
        }
        return words;
    }
}
