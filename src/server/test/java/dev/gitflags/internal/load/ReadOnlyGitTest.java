package dev.gitflags.internal.load;

import dev.gitflags.cli.GitflagsCommand;
import dev.gitflags.testing.Fixtures;
import dev.gitflags.testing.TestRepo;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The server and every read-only command write no file anywhere, as on the read-only root file system of
 * {@code deploy/}: each runs in its own JVM (the real main class) with a HOME and an XDG_CONFIG_HOME that are
 * empty and read-only, and a temp folder of its own. Afterwards those are still empty, no file or folder of the
 * config repo changed (not even for a moment: a probe file created and deleted changes its folder's time), and
 * nothing was logged at ERROR. Without {@link ReadOnlyGit}, JGit writes {@code $XDG_CONFIG_HOME/jgit/config} and a
 * probe file in {@code .git/objects}, or logs {@code ERROR LockFile} with stack traces where it cannot.
 */
class ReadOnlyGitTest {

    @TempDir
    Path dir;

    private Path repo;
    private Path home;
    private Path xdg;
    private Path tmp;

    @BeforeEach
    void setUp() throws IOException {
        repo = dir.resolve("repo");
        try (TestRepo git = Fixtures.Serving.repo(repo)) {
            git.write("flags/app.yaml", Fixtures.Serving.FLAGS.replace("Welcome", "Hello")).commit("new banner");
        }
        home = Files.createDirectory(dir.resolve("home"));
        xdg = Files.createDirectory(dir.resolve("xdg"));
        tmp = Files.createDirectory(dir.resolve("tmp"));
        // Read-only for a non-root user (as in the pod); for root, the emptiness checks below still see any write.
        assertTrue(home.toFile().setWritable(false, false));
        assertTrue(xdg.toFile().setWritable(false, false));
    }

    @AfterEach
    void letTheTempDirBeDeleted() {
        home.toFile().setWritable(true, true);
        xdg.toFile().setWritable(true, true);
    }

    @Test
    void serveAndEveryReadOnlyCommandWriteNoFile() throws Exception {
        Map<String, String> before = fingerprint(repo);
        String root = repo.toString();
        List<List<String>> commands = List.of(
                List.of("serve", "--repo", root, "--ref", "HEAD", "--port", "0", "--host", "127.0.0.1", "--check"),
                List.of("validate", "--repo", root, "--ref", "HEAD"),
                List.of("validate", "--repo", root),
                List.of("envs", "--repo", root, "--ref", "main"),
                List.of("resolve", "--repo", root, "--ref", "HEAD~1", "--env", "dev"),
                List.of("explain", "--repo", root, "--ref", "HEAD", "--env", "staging", "banner-text"),
                List.of("eval", "--repo", root, "--ref", "HEAD", "--env", "dev", "--target", "u-1", "new-checkout"),
                List.of("diff", "--repo", root, "HEAD~1", "HEAD"));
        for (List<String> command : commands) {
            Run run = runInChildJvm(command);
            String what = "gitflags " + String.join(" ", command) + "\n" + run.output();
            assertEquals(command.get(0).equals("diff") ? 1 : 0, run.exitCode(), what);
            assertFalse(run.output().contains("ERROR") || run.output().contains("Exception"), what);
            assertEquals(List.of(), list(home), what);
            assertEquals(List.of(), list(xdg), what);
            assertEquals(List.of(), list(tmp), what);
            assertEquals(Map.of(), changes(before, fingerprint(repo)), what);
        }
    }

    private record Run(int exitCode, String output) {
    }

    /** Runs {@code gitflags args...} in a new JVM with this test's class path and the prepared folders. */
    private Run runInChildJvm(List<String> args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-XX:-UsePerfData",
                "-Djava.io.tmpdir=" + tmp, "-Duser.home=" + home,
                "-cp", System.getProperty("java.class.path"), GitflagsCommand.class.getName()));
        command.addAll(args);
        ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true);
        builder.environment().keySet().removeIf(name -> name.startsWith("GIT_"));
        builder.environment().put("HOME", home.toString());
        builder.environment().put("XDG_CONFIG_HOME", xdg.toString());
        Process process = builder.start();
        process.getOutputStream().close();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        return new Run(process.waitFor(), output);
    }

    private static List<Path> list(Path folder) throws IOException {
        try (Stream<Path> entries = Files.list(folder)) {
            return entries.toList();
        }
    }

    /** The entries of {@code after} that differ from {@code before}: new, changed, or (as "gone") removed. */
    private static Map<String, String> changes(Map<String, String> before, Map<String, String> after) {
        Map<String, String> changes = new TreeMap<>();
        after.forEach((path, now) -> {
            if (!now.equals(before.get(path))) {
                changes.put(path, now);
            }
        });
        before.keySet().stream().filter(path -> !after.containsKey(path)).forEach(path -> changes.put(path, "gone"));
        return changes;
    }

    /** Every file and folder below {@code root} with its size and modification time. */
    private static Map<String, String> fingerprint(Path root) throws IOException {
        Map<String, String> entries = new TreeMap<>();
        try (Stream<Path> paths = Files.walk(root)) {
            paths.forEach(path -> {
                try {
                    BasicFileAttributes attributes = Files.readAttributes(path, BasicFileAttributes.class);
                    entries.put(root.relativize(path).toString(),
                            attributes.size() + " " + attributes.lastModifiedTime().toInstant());
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        }
        return entries;
    }
}
