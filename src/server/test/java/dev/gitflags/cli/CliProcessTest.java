package dev.gitflags.cli;

import dev.gitflags.testing.TestRepo;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The CLI as its own JVM, through the jar's main class with the shipped logback.xml: what a user sees on the
 * terminal, JGit's log lines included (the in-process {@code Cli} runner captures only picocli's writers).
 */
class CliProcessTest {

    @TempDir
    Path dir;

    private record Run(int exitCode, String output) {
    }

    /** {@code gitflags args...} in a new JVM on this test's class path, stdout and stderr merged. */
    private static Run gitflags(String home, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), GitflagsCommand.class.getName()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().put("HOME", home);
        builder.environment().put("XDG_CONFIG_HOME", home + "/.config");
        Process process = builder.start();
        process.getOutputStream().close();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        return new Run(process.waitFor(), output);
    }

    private TestRepo validRepo() {
        TestRepo repo = TestRepo.init(dir.resolve("repo"));
        repo.write("gitflags.yaml", "default_environment: production\n")
                .write("flags/a.yaml", "flags:\n  a:\n    type: boolean\n    default_value: false\n")
                .write("environments/production.yaml", "name: Production\n").commit("valid");
        return repo;
    }

    @Test
    void aHundredThousandCharacterRefIsOneLine() throws Exception {
        try (TestRepo repo = validRepo()) {
            Run run = gitflags(dir.toString(), "validate", "--repo", repo.dir().toString(), "--ref", "a".repeat(100_000));

            assertEquals(2, run.exitCode(), run.output());
            assertEquals(1, run.output().lines().count(), () -> run.output().substring(0, 2000));
            assertTrue(run.output().length() < 300, run.output());
        }
    }

    @Test
    void jgitLogsNothingIntoTheOutputEvenWhenItCannotWriteItsOwnConfig() throws Exception {
        try (TestRepo repo = validRepo()) {
            // A HOME that cannot hold folders: JGit fails to save ~/.config/jgit/config and logs it as ERROR.
            Run run = gitflags("/dev/null", "validate", "--repo", repo.dir().toString(), "--ref", "HEAD");

            assertEquals(0, run.exitCode(), run.output());
            assertEquals(1, run.output().lines().count(), run.output());
            assertTrue(run.output().startsWith("valid: 1 flag"), run.output());
            assertFalse(run.output().contains("ERROR"), run.output());
        }
    }
}
