package dev.gitflags.distribution;

import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import picocli.CommandLine.ParseResult;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
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
        Map<String, Object> workflow = map(yaml(Path.of("examples/ci/gitflags.yml")));
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
        assertTrue(uses.stream().anyMatch(action -> action.startsWith("actions/github-script@")), "posts a comment");
    }

    @Test
    void thePreCommitHookRunsValidateOnConfigFilesOnly() throws IOException {
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
