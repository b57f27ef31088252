package dev.gitflags.testing;

import dev.gitflags.cli.GitflagsCommand;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * {@code gitflags} as a real process: a child JVM running the jar's main class on the test class path, so a test
 * can run several at once or kill one with SIGKILL at an instant of its choosing (where {@link Cli} runs the command
 * line inside the test's JVM). The child sees no user or system git config, like {@link TestRepo#git}.
 */
public final class GitflagsProcess {

    /** What a finished process gave: its exit code, stdout and stderr. */
    public record Result(int exitCode, String out, String err) {
        public String transcript() {
            return "exit " + exitCode + "\n--- stdout\n" + out + "--- stderr\n" + err;
        }
    }

    private final Process process;
    private final CompletableFuture<String> out;
    private final List<String> errLines = new ArrayList<>();
    private final CompletableFuture<String> err;

    private GitflagsProcess(Process process) {
        this.process = process;
        this.out = reading(() -> drain(process.getInputStream()));
        this.err = reading(this::drainErr);
    }

    /** Its own thread for each stream: the common pool may have one thread for all, and a full pipe blocks. */
    private static CompletableFuture<String> reading(java.util.function.Supplier<String> reader) {
        CompletableFuture<String> result = new CompletableFuture<>();
        Thread thread = new Thread(() -> result.complete(reader.get()), "gitflags-process-output");
        thread.setDaemon(true);
        thread.start();
        return result;
    }

    /** Starts {@code gitflags args...} with the given system properties set in the child JVM. */
    public static GitflagsProcess start(Map<String, String> properties, String... args) {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString(), "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xshare:auto",
                "-cp", System.getProperty("java.class.path")));
        properties.forEach((name, value) -> command.add("-D" + name + "=" + value));
        command.add(GitflagsCommand.class.getName());
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command);
        Map<String, String> environment = builder.environment();
        environment.keySet().removeIf(name -> name.startsWith("GIT_"));
        environment.put("HOME", Home.PATH.toString());
        environment.put("XDG_CONFIG_HOME", Home.PATH.toString());
        environment.put("GIT_CONFIG_NOSYSTEM", "1");
        try {
            Process process = builder.start();
            process.getOutputStream().close();
            return new GitflagsProcess(process);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static GitflagsProcess start(String... args) {
        return start(Map.of(), args);
    }

    /** Waits until the process printed a stderr line containing {@code text}; fails when it ended or time ran out. */
    public void awaitErrLine(String text, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (errLines) {
            while (errLines.stream().noneMatch(line -> line.contains(text))) {
                long left = deadline - System.nanoTime();
                if (left <= 0 || (!process.isAlive() && err.isDone())) {
                    throw new AssertionError("gitflags printed no line with '" + text + "'; stderr so far:\n"
                            + String.join("\n", errLines));
                }
                try {
                    errLines.wait(Math.max(1, Math.min(TimeUnit.NANOSECONDS.toMillis(left), 100)));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new AssertionError("interrupted", e);
                }
            }
        }
    }

    /** SIGKILL, as {@code kill -9} does: no shutdown hook, no finally block runs. Returns once it is gone. */
    public void kill() {
        process.destroyForcibly();
        try {
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                throw new AssertionError("gitflags did not die");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    /** Waits for the process to end by itself. */
    public Result await(Duration timeout) {
        try {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                throw new AssertionError("gitflags did not finish within " + timeout + "; stderr:\n"
                        + String.join("\n", errLines));
            }
            return new Result(process.exitValue(), out.get(30, TimeUnit.SECONDS), err.get(30, TimeUnit.SECONDS));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        } catch (Exception e) {
            throw new AssertionError("reading gitflags' output failed", e);
        }
    }

    private static String drain(InputStream stream) {
        try {
            return new String(stream.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        }
    }

    private String drainErr() {
        StringBuilder all = new StringBuilder();
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(process.getErrorStream(),
                StandardCharsets.UTF_8))) {
            String line;
            while ((line = reader.readLine()) != null) {
                all.append(line).append('\n');
                synchronized (errLines) {
                    errLines.add(line);
                    errLines.notifyAll();
                }
            }
        } catch (IOException e) {
            // the process was killed: what was read is what there is
        }
        synchronized (errLines) {
            errLines.notifyAll();
        }
        return all.toString();
    }

    /** An empty HOME for the child, made once per test JVM, so no user's ~/.gitconfig applies. */
    private static final class Home {
        static final Path PATH = create();

        private static Path create() {
            try {
                Path home = Files.createTempDirectory("gitflags-process-home");
                home.toFile().deleteOnExit();
                return home;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
