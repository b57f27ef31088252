package dev.gitflags.distribution;

import dev.gitflags.testing.Cli;
import dev.gitflags.testing.Fixtures;
import dev.gitflags.testing.TestRepo;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import picocli.CommandLine.ParseResult;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static dev.gitflags.distribution.DeploymentManifestsTest.map;
import static dev.gitflags.distribution.DeploymentManifestsTest.maps;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/** The Dockerfile, the GitHub Actions example and the pre-commit hook run gitflags command lines the CLI accepts. */
class CiAndDockerTest {

    private static Object yaml(Path file) throws IOException {
        return new Yaml(new SafeConstructor(new LoaderOptions())).load(Files.readString(file));
    }

    @Test
    void theWorkflowValidatesEveryPullRequestWithAnnotationsAndCommentsTheDiff() throws IOException {
        Map<String, Object> workflow = map(yaml(WORKFLOW));
        // YAML 1.1 reads the key `on` as the boolean true.
        Object triggers = workflow.containsKey("on") ? workflow.get("on") : workflow.get(Boolean.TRUE);
        assertTrue(map(triggers).containsKey("pull_request"), "runs on pull requests");
        assertEquals("write", map(workflow.get("permissions")).get("pull-requests"), "may comment on the PR");

        List<String> runLines = new ArrayList<>();
        List<String> uses = new ArrayList<>();
        for (Object job : map(workflow.get("jobs")).values()) {
            for (Map<String, Object> step : maps(map(job).get("steps"))) {
                if (step.get("run") != null) {
                    runLines.addAll(List.of(((String) step.get("run")).split("\n")));
                }
                if (step.get("uses") != null) {
                    uses.add((String) step.get("uses"));
                }
            }
        }
        ParseResult validate = CommandLines.parse("examples/ci/gitflags.yml", CommandLines.wordsAfterGitflags(
                line(runLines, "gitflags validate")));
        assertEquals("validate", validate.commandSpec().name());
        assertEquals("github", String.valueOf((Object) validate.matchedOptionValue("--format", null)).toLowerCase());
        ParseResult diff = CommandLines.parse("examples/ci/gitflags.yml", CommandLines.wordsAfterGitflags(
                line(runLines, "gitflags diff")));
        assertEquals("diff", diff.commandSpec().name());
        assertEquals("markdown", String.valueOf((Object) diff.matchedOptionValue("--format", null)).toLowerCase());
        assertEquals(List.of("$BASE...$HEAD"), diff.matchedPositionals().stream()
                .map(arg -> String.valueOf((Object) arg.getValue())).toList(), "the pull request's own change");
        assertTrue(uses.stream().anyMatch(action -> action.startsWith("actions/github-script@")), "posts a comment");
        // GitHub evaluates no ${{ }} in on.pull_request.paths: a step checks the changed files instead
        assertFalse(map(map(triggers).get("pull_request")).containsKey("paths"), "no paths filter");
    }

    @Test
    void theWorkflowPinsAGitflagsCommitToBuildAndNamesNoReleaseThatDoesNotExist() throws IOException {
        String text = Files.readString(WORKFLOW);
        for (String missing : List.of("releases/download", "v0.1.0", "your-org", "ghcr.io")) {
            assertFalse(text.contains(missing), "refers to " + missing);
        }
        Map<String, Object> environment = map(map(yaml(WORKFLOW)).get("env"));
        assertEquals(Set.of("CONFIG_DIR", "GITFLAGS_REPO", "GITFLAGS_COMMIT"), environment.keySet());
        String build = (String) step("Build gitflags").get("run");
        assertTrue(build.contains("mvn -B -q -f \"$src/pom.xml\" package -DskipTests"), build);

        // left unset, the build stops at once and says what to set
        Path work = Files.createDirectories(temp.resolve("work"));
        Shell unset = Shell.run(build, work, Map.of("GITFLAGS_REPO", "", "GITFLAGS_COMMIT", "",
                "RUNNER_TEMP", work.toString(), "HOME", work.toString()));
        assertEquals(2, unset.exitCode(), unset.output());
        assertTrue(unset.output().contains("::error::gitflags has no release yet: set GITFLAGS_REPO and "
                + "GITFLAGS_COMMIT"), unset.output());
        Shell branchName = Shell.run(build, work, Map.of("GITFLAGS_REPO", "https://example.com/gitflags.git",
                "GITFLAGS_COMMIT", "main", "RUNNER_TEMP", work.toString(), "HOME", work.toString()));
        assertEquals(2, branchName.exitCode(), "a branch name is no pin: " + branchName.output());
    }

    /**
     * The workflow's own steps, run as GitHub runs them (bash -eo pipefail), on a real repository whose config lies
     * in a subfolder: a pull request that touches only the README is no config change, even after main changed the
     * config meanwhile; once it edits an environment, the diff step's command line shows that edit and nothing of
     * main's.
     */
    @Test
    void theWorkflowSeesThePullRequestsOwnChangeOnly() throws Exception {
        try (TestRepo repo = TestRepo.init(temp.resolve("config-repo"))) {
            Fixtures.Promotion.files().forEach((path, text) -> repo.write("config/" + path, text));
            repo.write("README.md", "flags\n");
            gitCommit(repo, "config");
            repo.git("checkout", "-q", "-b", "pr").ok();
            repo.write("README.md", "flags, documented\n");
            gitCommit(repo, "docs");
            repo.git("checkout", "-q", "main").ok();
            repo.write("config/flags/core.yaml", Fixtures.Promotion.FLAGS.replace("default_value: plain",
                    "default_value: fancy"));
            String base = gitCommit(repo, "main moves on: a fancy theme");
            repo.git("checkout", "-q", "pr").ok();
            String head = repo.git("rev-parse", "HEAD").ok().strip();

            assertEquals("config=false", configChanged(repo, base, head, "config"));
            repo.write("config/environments/staging.yaml", Fixtures.Promotion.STAGING.replace(
                    "rollout_percentage: 50", "rollout_percentage: 75"));
            head = gitCommit(repo, "widen new-checkout in staging");
            assertEquals("config=true", configChanged(repo, base, head, "config"));
            assertEquals("config=true", configChanged(repo, base, head, "config/"));
            assertEquals("config=false", configChanged(repo, base, head, "elsewhere"));

            String line = Arrays.stream(((String) step("Diff merge base → head").get("run")).split("\n"))
                    .filter(l -> l.contains("gitflags diff")).findFirst().orElseThrow();
            Map<String, String> variables = Map.of("$BASE", base, "$HEAD", head,
                    "$CONFIG_DIR", repo.dir().resolve("config").toString());
            List<String> args = CommandLines.wordsAfterGitflags(line).stream().map(word -> {
                String expanded = word;
                for (Map.Entry<String, String> variable : variables.entrySet()) {
                    expanded = expanded.replace(variable.getKey(), variable.getValue());
                }
                return expanded;
            }).toList();
            Cli diff = Cli.run(args.toArray(String[]::new));
            assertEquals(1, diff.exitCode(), diff.transcript());
            assertTrue(diff.out().contains("| `new-checkout` | rollout_percentage | `50%` | `75%` |"), diff.out());
            assertFalse(diff.out().contains("fancy"), "main's newer theme is not the pull request's: " + diff.out());
        }
    }

    private static final Path WORKFLOW = Path.of("examples/ci/gitflags.yml");

    @TempDir
    Path temp;

    /** The step of the workflow's one job with this name. */
    private static Map<String, Object> step(String name) throws IOException {
        for (Object job : map(map(yaml(WORKFLOW)).get("jobs")).values()) {
            for (Map<String, Object> step : maps(map(job).get("steps"))) {
                if (name.equals(step.get("name"))) {
                    return step;
                }
            }
        }
        return fail("the workflow has no step '" + name + "'");
    }

    /** What the step "Config changed?" writes to GITHUB_OUTPUT for this pull request. */
    private String configChanged(TestRepo repo, String base, String head, String configDir) throws IOException {
        Path output = Files.createTempFile(temp, "github-output", ".txt");
        Shell run = Shell.run((String) step("Config changed?").get("run"), repo.dir(), Map.of("BASE", base,
                "HEAD", head, "CONFIG_DIR", configDir, "GITHUB_OUTPUT", output.toString()));
        assertEquals(0, run.exitCode(), run.output());
        return Files.readString(output).strip();
    }

    private static String gitCommit(TestRepo repo, String message) {
        repo.git("add", "-A").ok();
        repo.git("commit", "-q", "-m", message).ok();
        return repo.git("rev-parse", "HEAD").ok().strip();
    }

    /** A workflow {@code run:} script run by bash as GitHub Actions runs it; stdout and stderr merged. */
    private record Shell(int exitCode, String output) {
        static Shell run(String script, Path dir, Map<String, String> variables) throws IOException {
            Path file = Files.createTempFile("gitflags-step", ".sh");
            try {
                Files.writeString(file, script);
                ProcessBuilder builder = new ProcessBuilder("bash", "--noprofile", "--norc", "-eo", "pipefail",
                        file.toString()).directory(dir.toFile()).redirectErrorStream(true);
                builder.environment().keySet().removeIf(name -> name.startsWith("GIT_"));
                builder.environment().putAll(variables);
                Process process = builder.start();
                process.getOutputStream().close();
                String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                return new Shell(process.waitFor(), output);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted", e);
            } finally {
                Files.deleteIfExists(file);
            }
        }
    }

    @Test
    void thePreCommitHookRunsValidateOnConfigFilesOnly() throws IOException {
        String text = Files.readString(Path.of(".pre-commit-hooks.yaml"));
        for (String missing : List.of("v0.1.0", "your-org")) {
            assertFalse(text.contains(missing), "refers to a release that does not exist: " + missing);
        }
        List<Map<String, Object>> hooks = maps(yaml(Path.of(".pre-commit-hooks.yaml")));
        Map<String, Object> hook = hooks.stream().filter(h -> "gitflags-validate".equals(h.get("id"))).findFirst()
                .orElseGet(() -> fail("no gitflags-validate hook"));
        for (String key : List.of("id", "name", "entry", "language")) {
            assertNotNull(hook.get(key), key);
        }
        assertEquals(Boolean.FALSE, hook.get("pass_filenames"), "validate checks the whole repo, not single files");
        List<String> command = new ArrayList<>(CommandLines.wordsAfterGitflags((String) hook.get("entry")));
        command.addAll(List.of("--repo", "example-repo"));
        assertEquals("validate", CommandLines.parse(".pre-commit-hooks.yaml", command).commandSpec().name());
        Pattern files = Pattern.compile((String) hook.get("files"));
        for (String path : List.of("gitflags.yaml", "flags/checkout.yaml", "environments/prod.yml",
                "example-repo/environments/staging.yaml")) {
            assertTrue(files.matcher(path).find(), path);
        }
        for (String path : List.of("README.md", "src/main/resources/flags.yaml", "flags/nested/x.txt")) {
            assertFalse(files.matcher(path).find(), path);
        }
    }

    @Test
    void theDockerfileBuildsWithMavenAndRunsServeAsANonRootUserWithAHealthCheck() throws IOException {
        List<String> lines = Files.readAllLines(Path.of("Dockerfile")).stream().map(String::strip)
                .filter(line -> !line.isEmpty() && !line.startsWith("#")).toList();
        List<String> stages = lines.stream().filter(line -> line.startsWith("FROM ")).toList();
        assertEquals(2, stages.size(), "multi-stage: build, then run");
        assertTrue(stages.get(0).matches("FROM maven:3-eclipse-temurin-17 AS build"), stages.get(0));
        assertTrue(stages.get(1).startsWith("FROM eclipse-temurin:17-jre"), stages.get(1));
        String user = instruction(lines, "USER");
        assertFalse(user.startsWith("root") || user.startsWith("0"), "runs as non-root: " + user);
        assertTrue(Files.readString(Path.of("Dockerfile")).contains("/health"), "HEALTHCHECK on /health");
        assertEquals("[\"java\", \"-jar\", \"/app/gitflags.jar\"]", instruction(lines, "ENTRYPOINT"));
        ParseResult serve = CommandLines.parse("Dockerfile", jsonArray(instruction(lines, "CMD")));
        assertEquals("serve", serve.commandSpec().name());
        assertEquals(instruction(lines, "EXPOSE"), String.valueOf((Object) serve.matchedOptionValue("--port", 8080)));
    }

    @Test
    void theImageDoesNotExitOnOutOfMemory() throws IOException {
        // A load that runs out of memory is rejected by the reloader (server/ReloadTest); exiting instead would
        // crash-loop every replica that follows the ref onto that commit.
        List<String> settings = Files.readAllLines(Path.of("Dockerfile")).stream().map(String::strip)
                .filter(line -> !line.startsWith("#")).toList();
        assertTrue(settings.stream().noneMatch(line -> line.contains("OnOutOfMemoryError")), settings.toString());
    }

    private static String line(List<String> lines, String containing) {
        return lines.stream().filter(l -> l.contains(containing)).findFirst()
                .orElseGet(() -> fail("no step runs '" + containing + "'"));
    }

    private static String instruction(List<String> lines, String name) {
        return lines.stream().filter(line -> line.startsWith(name + " ")).reduce((first, last) -> last)
                .map(line -> line.substring(name.length() + 1).strip())
                .orElseGet(() -> fail("Dockerfile has no " + name));
    }

    /** The exec form {@code ["a", "b"]} as a list. */
    private static List<String> jsonArray(String text) {
        List<String> words = new ArrayList<>();
        Matcher matcher = Pattern.compile("\"([^\"]*)\"").matcher(text);
        while (matcher.find()) {
            words.add(matcher.group(1));
        }
        return words;
    }
}
