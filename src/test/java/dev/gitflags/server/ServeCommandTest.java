package dev.gitflags.server;

import dev.gitflags.cli.ServeCommand;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code gitflags serve} refuses to start on bad input, with located errors and the documented exit codes. */
class ServeCommandTest {

    @TempDir
    Path dir;

    private final StringWriter err = new StringWriter();

    private int serve(String... args) {
        CommandLine command = new CommandLine(new ServeCommand());
        command.setErr(new PrintWriter(err, true));
        command.setOut(new PrintWriter(new StringWriter(), true));
        return command.execute(args);
    }

    @Test
    void anInvalidFirstLoadExitsWith1AndPrintsLocatedErrors() throws Exception {
        try (ConfigRepo repo = ConfigRepo.create(dir)) {
            repo.write("environments/staging.yaml", """
                    name: Staging
                    parent: production
                    overrides:
                      bannner-text:
                        default_value: typo
                    """).commit("broken");
        }
        assertEquals(1, serve("--repo", dir.toString(), "--ref", "main", "--port", "0"));
        assertTrue(err.toString().contains("environments/staging.yaml:4:"), err.toString());
        assertTrue(err.toString().contains("E_UNKNOWN_FLAG"), err.toString());
    }

    @Test
    void anUnknownRefOrFolderExitsWith2() throws Exception {
        ConfigRepo.create(dir).close();
        assertEquals(2, serve("--repo", dir.toString(), "--ref", "no-such-branch", "--port", "0"));
        assertTrue(err.toString().contains("no-such-branch"), err.toString());
        assertEquals(2, serve("--repo", dir.resolve("missing").toString(), "--port", "0"));
    }

    @Test
    void aBadPollIntervalOrEmptyTokenFileExitsWith2() throws Exception {
        ConfigRepo.create(dir).close();
        assertEquals(2, serve("--repo", dir.toString(), "--poll", "5 parsecs"));
        Path token = Files.writeString(dir.resolve("token"), "  \n");
        assertEquals(2, serve("--repo", dir.toString(), "--port", "0", "--token-file", token.toString()));
    }
}
