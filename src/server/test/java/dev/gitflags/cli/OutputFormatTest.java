package dev.gitflags.cli;

import dev.gitflags.testing.Cli;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** One --format mechanism: each command lists only its own formats in --help and refuses every other with exit 2. */
class OutputFormatTest {

    @ParameterizedTest
    @CsvSource({
            "validate, 'text, json, github', markdown",
            "envs, 'text, json', github",
            "resolve, 'yaml, json', text",
            "explain, 'text, json', yaml",
            "eval, 'text, json', markdown",
            "diff, 'text, json, markdown', github",
            "promote, 'text, json', yaml"})
    void eachCommandListsItsFormatsAndRefusesOthers(String command, String formats, String other) {
        Cli help = Cli.run(command, "--help");
        assertEquals(0, help.exitCode(), help.transcript());
        assertTrue(help.out().contains("--format=FORMAT") && help.out().contains("Output: " + formats + " (default: "),
                help.transcript());

        Cli refused = Cli.run(command, "--format", other);
        assertEquals(2, refused.exitCode(), refused.transcript());
        assertTrue(refused.err().startsWith("Invalid value for option '--format': expected one of [" + formats
                + "] but was '" + other + "'"), refused.transcript());
    }
}
