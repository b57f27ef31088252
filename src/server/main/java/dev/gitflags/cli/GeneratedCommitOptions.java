package dev.gitflags.cli;

import org.eclipse.jgit.lib.PersonIdent;
import picocli.CommandLine.Option;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code --branch NEW}, {@code -m/--message} and {@code --author}: how a command that writes a generated commit
 * ({@code promote}, {@code retire}) places and signs it, as a picocli mixin.
 */
final class GeneratedCommitOptions {

    private static final Pattern AUTHOR = Pattern.compile("^\\s*(.+?)\\s*<([^<>]*)>\\s*$");

    @Option(names = "--branch", paramLabel = "NEW",
            description = "Commit onto this new branch, created from --ref, and leave --ref alone (for a pull request).")
    String branch;

    @Option(names = {"-m", "--message"}, paramLabel = "SUBJECT",
            description = "Commit subject instead of the generated one (the body and trailers stay).")
    String message;

    @Option(names = "--author", paramLabel = "\"NAME <MAIL>\"",
            description = "Commit author (default: user.name and user.email of the repository's git config).")
    private String author;

    /** The --author given, or null for the repository's git config; a usage error when it is not "Name <mail>". */
    PersonIdent author() {
        if (author == null) {
            return null;
        }
        Matcher matcher = AUTHOR.matcher(author);
        if (!matcher.matches()) {
            throw CommandFailure.usage("--author must look like \"Name <mail@example.com>\", not '" + author + "'");
        }
        return new PersonIdent(matcher.group(1), matcher.group(2));
    }
}
