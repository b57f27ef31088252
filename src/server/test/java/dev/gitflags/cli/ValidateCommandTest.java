package dev.gitflags.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gitflags.internal.model.Origin;
import dev.gitflags.internal.model.Problem;
import dev.gitflags.internal.model.ProblemCode;
import dev.gitflags.testing.Cli;
import dev.gitflags.testing.TestRepo;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code gitflags validate} end to end, on real git repositories made with JGit. */
class ValidateCommandTest {

    /** ConfigFiles' dev without the override no request can notice. */
    private static final String CLEAN_DEV = "name: Development\nparent: staging\n";

    @TempDir
    Path tmp;

    @Test
    void validCommitPrintsSummaryAndExitsZero() throws Exception {
        try (TestRepo repo = TestRepo.init(tmp)) {
            String sha = repo.write(ConfigFiles.valid("")).write("environments/dev.yaml", CLEAN_DEV)
                    .commit("flags").name();

            Cli cli = Cli.run("validate", "--repo", tmp.toString(), "--ref", sha, "--strict");

            assertEquals(0, cli.exitCode(), cli.transcript());
            assertTrue(cli.out().startsWith("valid: 3 flags, 4 environments, commit " + sha), cli.transcript());
            assertEquals(1, cli.out().lines().count(), cli.transcript());
        }
    }

    /** ConfigFiles' dev sets checkout's default_value, which staging's 100 % rollout keeps any request from seeing. */
    @Test
    void warningsArePrintedButExitZeroUnlessStrict() throws Exception {
        try (TestRepo repo = TestRepo.init(tmp)) {
            String sha = repo.write(ConfigFiles.valid("")).commit("flags").name();

            Cli cli = Cli.run("validate", "--repo", tmp.toString(), "--ref", sha);

            assertEquals(0, cli.exitCode(), cli.transcript());
            List<String> lines = cli.out().lines().toList();
            assertEquals(2, lines.size(), cli.transcript());
            assertTrue(lines.get(0).startsWith("environments/dev.yaml:5:5: warning: default_value of 'checkout' in dev "
                    + "can never take effect: "), cli.transcript());
            assertTrue(lines.get(0).endsWith("[W_DEAD_OVERRIDE]"), cli.transcript());
            assertTrue(lines.get(1).startsWith("valid: 3 flags, 4 environments, commit " + sha), cli.transcript());
            assertTrue(lines.get(1).endsWith("; 1 warning"), cli.transcript());

            Cli strict = Cli.run("validate", "--repo", tmp.toString(), "--ref", sha, "--strict");
            assertEquals(1, strict.exitCode(), strict.transcript());
            assertTrue(strict.out().contains("; 1 warning (--strict: the check fails)"), strict.transcript());

            Cli github = Cli.run("validate", "--repo", tmp.toString(), "--ref", sha, "--format", "github");
            assertEquals(0, github.exitCode(), github.transcript());
            assertTrue(github.out().startsWith("::warning file=environments/dev.yaml,line=5,col=5,"
                    + "title=W_DEAD_OVERRIDE::default_value of 'checkout' in dev can never take effect"),
                    github.transcript());
        }
    }

    /**
     * gitflags.yaml's lifecycle policy, checked as of --as-of: an expired flag is a warning (exit 0 unless --strict)
     * until the policy says {@code expired: error}; a missing owner is an error; each at the flag's definition line.
     */
    @Test
    void lifecyclePolicyIsReportedAtTheDefinitionLine() throws Exception {
        String flags = ConfigFiles.FLAGS.replace("    type: boolean\n", "    type: boolean\n    owner: team-a\n"
                + "    expires: 2027-03-31\n").replace("    type: string\n", "    type: string\n    owner: team-b\n"
                + "    permanent: true\n").replace("    type: number\n", "    type: number\n    owner: [team-c]\n"
                + "    permanent: true\n");
        try (TestRepo repo = TestRepo.init(tmp)) {
            String policy = "lifecycle:\n  require_owner: true\n  require_expires: true\n";
            String sha = repo.write(ConfigFiles.valid("")).write("environments/dev.yaml", CLEAN_DEV)
                    .write("gitflags.yaml", ConfigFiles.GITFLAGS + policy).write("flags/main.yaml", flags)
                    .commit("owned").name();

            Cli before = Cli.run("validate", "--repo", tmp.toString(), "--ref", sha, "--as-of", "2027-03-31",
                    "--strict");
            assertEquals(0, before.exitCode(), before.transcript());

            Cli after = Cli.run("validate", "--repo", tmp.toString(), "--ref", sha, "--as-of", "2027-04-01",
                    "--format", "github");
            assertEquals(0, after.exitCode(), after.transcript());
            assertTrue(after.out().startsWith("::warning file=flags/main.yaml,line=2,col=3,title=W_EXPIRED::flag "
                    + "'checkout' expired on 2027-03-31 (owner team-a)"), after.transcript());
            assertEquals(1, Cli.run("validate", "--repo", tmp.toString(), "--ref", sha, "--as-of", "2027-04-01",
                    "--strict").exitCode());

            String strictSha = repo.write("gitflags.yaml", ConfigFiles.GITFLAGS + policy + "  expired: error\n")
                    .write("flags/main.yaml", flags.replace("    owner: team-b\n", "")).commit("stricter").name();
            Cli failing = Cli.run("validate", "--repo", tmp.toString(), "--ref", strictSha, "--as-of", "2027-04-01",
                    "--format", "github");
            assertEquals(1, failing.exitCode(), failing.transcript());
            List<String> lines = failing.out().lines().toList();
            assertTrue(lines.get(0).startsWith("::error file=flags/main.yaml,line=2,col=3,title=E_EXPIRED::"),
                    failing.transcript());
            assertTrue(lines.get(1).startsWith("::error file=flags/main.yaml,line=18,col=3,title=E_LIFECYCLE::flag "
                    + "'banner-text' has no owner"), failing.transcript());
            assertTrue(lines.get(2).startsWith("2 problems in "), failing.transcript());
        }
    }

    @Test
    void warningsBesideErrorsAreListedSortedAndCounted() throws Exception {
        try (TestRepo repo = TestRepo.init(tmp)) {
            repo.write(ConfigFiles.valid(""))
                    .write("environments/sandbox.yaml", "# nothing yet\n")
                    .write("environments/staging.yaml", ConfigFiles.STAGING.replace("  max-items:", "  max-itms:"))
                    .commit("broken");

            Cli cli = Cli.run("validate", "--repo", tmp.toString(), "--ref", "HEAD", "--strict");

            assertEquals(1, cli.exitCode(), cli.transcript());
            List<String> lines = cli.out().lines().toList();
            assertEquals(3, lines.size(), cli.transcript());
            assertTrue(lines.get(0).startsWith("environments/sandbox.yaml:1:1: warning: environment 'sandbox' has no "
                    + "fields") && lines.get(0).endsWith("[W_EMPTY_ENVIRONMENT]"), cli.transcript());
            assertTrue(lines.get(1).startsWith("environments/staging.yaml:6:3: override 'max-itms' names no flag"),
                    cli.transcript());
            assertTrue(lines.get(2).startsWith("1 problem, 1 warning in "), cli.transcript());
        }
    }

    @Test
    void invalidCommitListsEveryProblemSortedAndExitsOne() throws Exception {
        try (TestRepo repo = TestRepo.init(tmp)) {
            repo.write(ConfigFiles.valid("")).commit("valid");
            String broken = repo
                    .write("environments/staging.yaml", ConfigFiles.STAGING.replace("  checkout:", "  chekout:"))
                    .write("flags/main.yaml", ConfigFiles.FLAGS.replace("operator: ends_with", "operator: endswith"))
                    .commit("broken").name();

            Cli cli = Cli.run("validate", "--repo", tmp.toString(), "--ref", broken);

            assertEquals(1, cli.exitCode(), cli.transcript());
            List<String> lines = cli.out().lines().toList();
            assertEquals(3, lines.size(), cli.transcript());
            assertTrue(lines.get(0).matches("environments/staging\\.yaml:4:\\d+: .*chekout.*did you mean 'checkout'.*"
                    + "\\[E_UNKNOWN_FLAG]"), cli.transcript());
            assertTrue(lines.get(1).matches("flags/main\\.yaml:11:\\d+: .*endswith.*\\[E_UNKNOWN_OPERATOR]"),
                    cli.transcript());
            assertTrue(lines.get(2).startsWith("2 problems in "), cli.transcript());
        }
    }

    @Test
    void refReadsTheCommitNotTheWorkingTree() throws Exception {
        try (TestRepo repo = TestRepo.init(tmp)) {
            repo.write(ConfigFiles.valid("")).commit("valid");
            repo.write("environments/dev.yaml", "parent: [not, a, slug]\n");

            assertEquals(0, Cli.run("validate", "--repo", tmp.toString(), "--ref", "HEAD").exitCode());
            Cli workingTree = Cli.run("validate", "--repo", tmp.toString());
            assertEquals(1, workingTree.exitCode(), workingTree.transcript());
            assertTrue(workingTree.out().contains("environments/dev.yaml:1:"), workingTree.transcript());
        }
    }

    @Test
    void githubFormatAnnotatesPathsRelativeToTheGitRootOfASubfolder() throws Exception {
        try (TestRepo repo = TestRepo.init(tmp)) {
            repo.write(ConfigFiles.valid("config/"))
                    .write("config/environments/staging.yaml", ConfigFiles.STAGING.replace("  checkout:", "  chekout:"))
                    .commit("broken");

            Cli cli = Cli.run("validate", "--repo", tmp.resolve("config").toString(), "--ref", "HEAD",
                    "--format", "github");

            assertEquals(1, cli.exitCode(), cli.transcript());
            String annotation = cli.out().lines().findFirst().orElseThrow();
            assertTrue(annotation.matches("::error file=config/environments/staging\\.yaml,line=4,col=\\d+,"
                    + "title=E_UNKNOWN_FLAG::.*chekout.*"), cli.transcript());
        }
    }

    @Test
    void jsonFormatParsesAndLocatesEachProblem() throws Exception {
        try (TestRepo repo = TestRepo.init(tmp)) {
            repo.write(ConfigFiles.valid(""))
                    .write("environments/staging.yaml", ConfigFiles.STAGING.replace("  checkout:", "  chekout:"))
                    .commit("broken");

            Cli cli = Cli.run("validate", "--repo", tmp.toString(), "--ref", "main", "--format", "json");

            assertEquals(1, cli.exitCode(), cli.transcript());
            JsonNode report = new ObjectMapper().readTree(cli.out());
            assertEquals(false, report.get("valid").asBoolean());
            JsonNode problem = report.get("problems").get(0);
            assertEquals("E_UNKNOWN_FLAG", problem.get("code").asText());
            assertEquals("error", problem.get("severity").asText());
            assertEquals("environments/staging.yaml", problem.get("file").asText());
            assertEquals(4, problem.get("line").asInt());
            assertTrue(problem.get("column").asInt() > 0);
            assertTrue(problem.get("message").asText().contains("chekout"));
            assertTrue(problem.get("hint").asText().contains("checkout"));
        }
    }

    @Test
    void jsonFormatOfAValidRepoCountsFlagsAndEnvironmentsAndGivesEachProblemItsSeverity() throws Exception {
        try (TestRepo repo = TestRepo.init(tmp)) {
            String sha = repo.write(ConfigFiles.valid("")).commit("flags").name();

            Cli cli = Cli.run("validate", "--repo", tmp.toString(), "--ref", "HEAD", "--format", "json");

            assertEquals(0, cli.exitCode(), cli.transcript());
            JsonNode report = new ObjectMapper().readTree(cli.out());
            assertTrue(report.get("valid").asBoolean());
            assertEquals(sha, report.get("commit").asText());
            assertEquals(3, report.get("flags").asInt());
            assertEquals(4, report.get("environments").asInt());
            assertEquals(1, report.get("problems").size());
            JsonNode warning = report.get("problems").get(0);
            assertEquals("W_DEAD_OVERRIDE", warning.get("code").asText());
            assertEquals("warning", warning.get("severity").asText());
            assertEquals("environments/dev.yaml", warning.get("file").asText());
            assertEquals(5, warning.get("line").asInt());
        }
    }

    @Test
    void maxFileSizeRejectsLargerFilesAsInvalid() throws Exception {
        try (TestRepo repo = TestRepo.init(tmp)) {
            repo.write(ConfigFiles.valid("")).commit("flags");

            Cli cli = Cli.run("validate", "--repo", tmp.toString(), "--max-file-size", "100");

            assertEquals(1, cli.exitCode(), cli.transcript());
            assertTrue(cli.out().contains("flags/main.yaml") && cli.out().contains("[E_LIMIT]"), cli.transcript());
        }
    }

    @Test
    void maxFlagTargetingBoundsOneFlagsRulesConditionsAndListedValues() throws Exception {
        // one rule with one condition listing 8 values: 10 items
        String flag = "flags:\n  allowlist:\n    type: boolean\n    default_value: false\n    rules:\n"
                + "      - conditions: [{attribute: user, operator: in, value: [a, b, c, d, e, f, g, h]}]\n"
                + "        serve: {value: true}\n";
        try (TestRepo repo = TestRepo.init(tmp)) {
            repo.write(ConfigFiles.valid("")).write("flags/allowlist.yaml", flag).commit("flags");

            Cli atTheLimit = Cli.run("validate", "--repo", tmp.toString(), "--max-flag-targeting", "10");
            assertEquals(0, atTheLimit.exitCode(), atTheLimit.transcript());

            Cli past = Cli.run("validate", "--repo", tmp.toString(), "--ref", "HEAD", "--max-flag-targeting", "9");
            assertEquals(1, past.exitCode(), past.transcript());
            assertTrue(past.out().startsWith("flags/allowlist.yaml:6:7: the rules of flag 'allowlist' hold 10 rules, "
                    + "conditions and listed values, more than the 9 one flag may have"), past.transcript());

            Cli zero = Cli.run("validate", "--repo", tmp.toString(), "--max-flag-targeting", "0");
            assertEquals(2, zero.exitCode(), zero.transcript());
        }
    }

    @Test
    void aLargerFileSizeLimitLetsNoSmallFileExpandFurther() throws Exception {
        // A 500-byte json default_value whose aliases expand to 7 million nodes: under the budget a 64 MiB file size
        // limit used to imply, it took 32 s and 3.5 GB to validate.
        StringBuilder bomb = new StringBuilder("flags:\n  f:\n    type: json\n    metadata:\n      l0: &l0 [x, y, z]\n");
        for (int level = 1; level < 14; level++) {
            String previous = "*l" + (level - 1);
            bomb.append("      l").append(level).append(": &l").append(level).append(" [").append(previous)
                    .append(", ").append(previous).append(", ").append(previous).append("]\n");
        }
        bomb.append("    default_value: *l13\n");
        try (TestRepo repo = TestRepo.init(tmp)) {
            repo.write(ConfigFiles.valid("")).write("flags/bomb.yaml", bomb.toString()).commit("flags");

            Cli cli = Cli.run("validate", "--repo", tmp.toString(), "--ref", "HEAD", "--max-file-size", "64MiB");

            assertEquals(1, cli.exitCode(), cli.transcript());
            assertTrue(cli.out().startsWith("flags/bomb.yaml:14:11: aliases expand this document by more than 100000 "
                    + "nodes"), cli.transcript());
        }
    }

    @Test
    void unreadableSourcesAndBadArgumentsExitTwo() throws Exception {
        try (TestRepo repo = TestRepo.init(tmp)) {
            repo.write(ConfigFiles.valid("")).commit("flags");

            Cli unknownRef = Cli.run("validate", "--repo", tmp.toString(), "--ref", "no-such-branch");
            assertEquals(2, unknownRef.exitCode(), unknownRef.transcript());
            assertTrue(unknownRef.err().contains("no-such-branch"), unknownRef.transcript());

            Cli missingFolder = Cli.run("validate", "--repo", tmp.resolve("nope").toString());
            assertEquals(2, missingFolder.exitCode(), missingFolder.transcript());

            Cli badFormat = Cli.run("validate", "--repo", tmp.toString(), "--format", "xml");
            assertEquals(2, badFormat.exitCode(), badFormat.transcript());
            assertTrue(badFormat.err().contains("xml"), badFormat.transcript());

            assertEquals(2, Cli.run("validate", "--max-file-size", "lots").exitCode());
            assertEquals(2, Cli.run("validate", "--no-such-option").exitCode());
            assertEquals(2, Cli.run("no-such-command").exitCode());
            assertEquals(2, Cli.run().exitCode());
        }
    }

    @Test
    void bareRepositoryIsReadAtARefAndAnnotatesFromItsRoot() throws Exception {
        Path work = tmp.resolve("work");
        Path bare = tmp.resolve("flags.git");
        try (TestRepo repo = TestRepo.init(work)) {
            repo.write(ConfigFiles.valid(""))
                    .write("environments/dev.yaml", ConfigFiles.DEV.replace("parent: staging", "parent: stagin"))
                    .commit("broken parent");
            repo.bareClone(bare).close();
        }

        Cli cli = Cli.run("validate", "--repo", bare.toString(), "--ref", "main", "--format", "github");

        assertEquals(1, cli.exitCode(), cli.transcript());
        assertTrue(cli.out().startsWith("::error file=environments/dev.yaml,line=2,col="), cli.transcript());
        assertTrue(cli.out().contains("title=E_MISSING_PARENT::"), cli.transcript());
    }

    @Test
    void otherCommandsRefuseAnInvalidRepoWithExitOneAndTheProblemsOnStderr() throws Exception {
        try (TestRepo repo = TestRepo.init(tmp)) {
            repo.write(ConfigFiles.valid(""))
                    .write("environments/staging.yaml", ConfigFiles.STAGING.replace("  checkout:", "  chekout:"))
                    .commit("broken");
        }

        List<String[]> commands = List.of(new String[]{"envs"}, new String[]{"resolve", "--env=dev"},
                new String[]{"explain", "--env=dev", "checkout"}, new String[]{"eval", "--env=dev", "checkout"});
        for (String[] args : commands) {
            String command = args[0];
            Cli cli = Cli.run(Stream.concat(Stream.of(args), Stream.of("--repo", tmp.toString())).toArray(String[]::new));
            assertEquals(1, cli.exitCode(), command + ": " + cli.transcript());
            assertTrue(cli.err().contains("environments/staging.yaml:4:"), command + ": " + cli.transcript());
            assertTrue(cli.err().contains("is invalid: 1 problem"), command + ": " + cli.transcript());
            assertEquals("", cli.out(), command + ": " + cli.transcript());
        }
    }

    @Test
    void anExceptionEscapingACommandIsNeverExitOne() {
        CommandLine root = new CommandLine(new GitflagsCommand());
        assertEquals(ExitCodes.USAGE_OR_IO, root.getCommandSpec().exitCodeOnExecutionException());
        root.getSubcommands().forEach((name, sub) -> {
            if (sub.getCommand() instanceof CliCommand) {
                assertEquals(ExitCodes.USAGE_OR_IO, sub.getCommandSpec().exitCodeOnExecutionException(), name);
            }
        });
    }

    @Test
    void helpAndVersionExitZero() {
        Cli version = Cli.run("--version");
        assertEquals(0, version.exitCode());
        assertEquals("gitflags " + GitflagsCommand.VERSION + "\n", version.out());

        Cli help = Cli.run("validate", "--help");
        assertEquals(0, help.exitCode());
        assertTrue(help.out().contains("--format=FORMAT") && help.out().contains("Exit codes:"), help.transcript());
    }

    @Test
    void missingRepoSettingsIsAnIoErrorExitTwo() throws Exception {
        Cli cli = Cli.run("validate", "--repo", tmp.toString());

        assertEquals(2, cli.exitCode(), cli.transcript());
        assertTrue(cli.out().contains("[E_IO]"), cli.transcript());
    }

    @Test
    void aPatternOfUnboundedCostIsALocatedProblemNotAnOutOfMemoryError() throws Exception {
        // This condition made validate run 190 s and die with an OutOfMemoryError inside RE2J's compiler.
        try (TestRepo repo = TestRepo.init(tmp)) {
            repo.write(ConfigFiles.valid("")).write("flags/regex.yaml", """
                    flags:
                      nested:
                        type: boolean
                        default_value: false
                        rules:
                          - conditions:
                              - {attribute: name, operator: matches, value: "((a{1000}){1000}){1000}"}
                            serve: {enabled: true}
                    """).commit("a costly pattern");

            Cli cli = Cli.run("validate", "--repo", tmp.toString(), "--ref", "HEAD");

            assertEquals(1, cli.exitCode(), cli.transcript());
            String line = cli.out().lines().findFirst().orElseThrow();
            assertTrue(line.startsWith("flags/regex.yaml:7:57: value of 'name matches' is invalid: "), line);
            assertTrue(line.contains("'((a{1000}){1000}){1000}' nests counted repetitions to 1000000000 copies, "
                    + "and at most 1000 are allowed"), line);
            assertTrue(line.endsWith("[E_BAD_OPERAND]"), line);
        }
    }

    @Test
    void githubAnnotationEscapesDataAndProperties() {
        Problem problem = Problem.of(ProblemCode.E_SCHEMA, new Origin("flags/a,b.yaml", 3, 7),
                "100% wrong\nsecond line", "fix: it");

        assertEquals("::error file=cfg/flags/a%2Cb.yaml,line=3,col=7,title=E_SCHEMA::100%25 wrong%0Asecond line (fix: it)",
                ProblemReport.githubAnnotation(problem, "cfg/"));
    }

    @Test
    void githubAnnotationOfAWholeFileProblemIsAtItsStart() {
        Problem problem = Problem.of(ProblemCode.E_IO, Origin.ofFile("flags/x.yaml"), "cannot read", "");

        assertEquals("::error file=flags/x.yaml,line=1,col=1,title=E_IO::cannot read",
                ProblemReport.githubAnnotation(problem, ""));
    }
}
