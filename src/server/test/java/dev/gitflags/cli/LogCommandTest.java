package dev.gitflags.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gitflags.testing.Cli;
import dev.gitflags.testing.TestRepo;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code gitflags log --env ENV KEY} end to end, on a real repository whose commits change what staging serves for
 * {@code checkout} in every way there is (through its parent, the base flag, its own file, a new parent) and in
 * ways that change nothing, and on a {@code git clone --depth}.
 */
class LogCommandTest {

    private static final String FLAG = """
            flags:
              checkout:
                type: boolean
                default_value: false
                rollout_percentage: 10
            """;

    @TempDir
    Path tmp;

    /** Seven commits a day apart from 2027-01-01; {@link #commits} are their SHAs, newest first. */
    private final List<String> commits = new ArrayList<>();

    /** The first commit of every history here: checkout, search, and dev below staging below production. */
    private TestRepo checkoutFlag(String folder) {
        TestRepo repo = TestRepo.init(tmp.resolve(folder));
        repo.write("gitflags.yaml", "default_environment: production\n").write("flags/main.yaml", FLAG)
                .write("flags/other.yaml", "flags:\n  search:\n    type: boolean\n    default_value: false\n")
                .write("environments/production.yaml", "overrides: {}\n")
                .write("environments/staging.yaml", "parent: production\n")
                .write("environments/dev.yaml", "parent: staging\n");
        commit(repo, "the checkout flag", 1);
        return repo;
    }

    private TestRepo history() {
        TestRepo repo = checkoutFlag("repo");
        repo.write("environments/production.yaml", "overrides:\n  checkout:\n    rollout_percentage: 50\n");
        commit(repo, "production at 50 %", 2);
        // changes neither staging's chain nor the flag's file: not listed, not even loaded
        repo.write("flags/other.yaml", "flags:\n  search:\n    type: boolean\n    default_value: true\n")
                .write("environments/dev.yaml", "parent: staging\noverrides:\n  checkout:\n    enabled: false\n");
        commit(repo, "search on, dev off", 3);
        repo.write("flags/main.yaml", FLAG.replace("default_value: false", "default_value: true"));
        commit(repo, "checkout defaults to true", 4);
        repo.write("environments/staging.yaml", "parent: production\noverrides:\n  checkout:\n    enabled: false\n");
        commit(repo, "staging: checkout off", 5);
        repo.write("environments/qa.yaml", "parent: production\noverrides:\n  checkout:\n    rollout_percentage: 75\n")
                .write("environments/staging.yaml", "parent: qa\noverrides:\n  checkout:\n    enabled: false\n");
        commit(repo, "staging below qa", 6);
        // loaded (staging's file changed) but resolves as before: not listed
        repo.write("environments/staging.yaml", "# below qa since January 6th\nparent: qa\n"
                + "overrides:\n  checkout:\n    enabled: false\n");
        commit(repo, "a comment", 7);
        return repo;
    }

    private void commit(TestRepo repo, String message, int day) {
        commits.add(0, repo.commit(message, Instant.parse("2027-01-01T12:00:00Z").plusSeconds((day - 1) * 86_400L))
                .name());
    }

    private String sha(int day) {
        return commits.get(commits.size() - day).substring(0, 12);
    }

    @Test
    void listsEveryCommitThatChangedWhatStagingServesWithTheLayerOfEachNewValue() {
        try (TestRepo repo = history()) {
            Cli cli = Cli.run("log", "--repo", repo.dir().toString(), "--env", "staging", "checkout");

            assertEquals(0, cli.exitCode(), cli.transcript());
            assertEquals(List.of(
                    sha(6) + " 2027-01-06 12:00:00 +00:00 Test Committer: staging below qa",
                    "  chain: staging -> production → staging -> qa -> production"
                            + "  (environment staging at environments/staging.yaml:1)",
                    "  rollout_percentage: 50% → 75%  (environment qa at environments/qa.yaml:4)",
                    sha(5) + " 2027-01-05 12:00:00 +00:00 Test Committer: staging: checkout off",
                    "  enabled: true → false  (environment staging at environments/staging.yaml:4)",
                    sha(4) + " 2027-01-04 12:00:00 +00:00 Test Committer: checkout defaults to true",
                    "  default_value: false → true  (base flag at flags/main.yaml:4)",
                    sha(2) + " 2027-01-02 12:00:00 +00:00 Test Committer: production at 50 %",
                    "  rollout_percentage: 10% → 50%  (environment production at environments/production.yaml:3)",
                    sha(1) + " 2027-01-01 12:00:00 +00:00 Test Committer: the checkout flag",
                    "  flag defined  (at flags/main.yaml:2)",
                    "  enabled: true  (base flag at flags/main.yaml:2)",
                    "  default_value: false  (base flag at flags/main.yaml:4)",
                    "  rollout_percentage: 10%  (base flag at flags/main.yaml:5)",
                    "5 commits changed what staging serves for checkout (7 commits walked, 6 loaded)"),
                    cli.out().lines().toList(), cli.transcript());
        }
    }

    @Test
    void sinceStopsAtTheFirstOlderCommit() {
        try (TestRepo repo = history()) {
            Cli cli = Cli.run("log", "--repo", repo.dir().toString(), "--env", "staging", "checkout",
                    "--since", "2027-01-04");

            assertEquals(0, cli.exitCode(), cli.transcript());
            List<String> firstLines = cli.out().lines().filter(line -> !line.startsWith(" ")).toList();
            assertEquals(List.of(
                    sha(6) + " 2027-01-06 12:00:00 +00:00 Test Committer: staging below qa",
                    sha(5) + " 2027-01-05 12:00:00 +00:00 Test Committer: staging: checkout off",
                    sha(4) + " 2027-01-04 12:00:00 +00:00 Test Committer: checkout defaults to true",
                    "3 commits changed what staging serves for checkout since 2027-01-04 (5 commits walked, 5 loaded)"),
                    firstLines, cli.transcript());
        }
    }

    @Test
    void jsonHasEachCommitWithItsChangesAsPlainValues() throws Exception {
        try (TestRepo repo = history()) {
            Cli cli = Cli.run("log", "--repo", repo.dir().toString(), "--env", "staging", "checkout",
                    "--ref", "HEAD~1", "--format", "json");

            assertEquals(0, cli.exitCode(), cli.transcript());
            JsonNode log = new ObjectMapper().readTree(cli.out());
            assertEquals("staging", log.get("environment").asText());
            assertEquals("checkout", log.get("flag").asText());
            assertEquals("HEAD~1", log.get("ref").asText());
            assertEquals(commits.get(1), log.get("commit").asText());
            assertTrue(log.get("since").isNull() && log.get("historyNote").isNull(), cli.out());
            assertEquals(6, log.get("walked").asInt());
            JsonNode newest = log.get("commits").get(0);
            assertEquals(commits.get(1), newest.get("commit").asText());
            assertEquals("Test Committer", newest.get("author").asText());
            assertEquals(TestRepo.EMAIL, newest.get("email").asText());
            assertEquals("2027-01-06T12:00:00Z", newest.get("date").asText());
            assertEquals("staging below qa", newest.get("subject").asText());
            JsonNode chain = newest.get("changes").get(0);
            assertEquals("chain", chain.get("field").asText());
            assertEquals(List.of("staging", "production"), strings(chain.get("old")));
            assertEquals(List.of("staging", "qa", "production"), strings(chain.get("new")));
            JsonNode rollout = newest.get("changes").get(1);
            assertEquals("rollout_percentage", rollout.get("field").asText());
            assertEquals(50, rollout.get("old").asInt());
            assertEquals(75, rollout.get("new").asInt());
            assertEquals("qa", rollout.get("environment").asText());
            assertEquals("environments/qa.yaml", rollout.get("file").asText());
            assertEquals(4, rollout.get("line").asInt());
            JsonNode base = log.get("commits").get(2).get("changes").get(0);
            assertTrue(base.get("environment").isNull(), base.toString());
            assertEquals(5, log.get("commits").size());
        }
    }

    /** A clone with --depth 3 holds days 5 to 7: day 6's change is known, day 5's is where history ends. */
    @Test
    void aShallowCloneSaysWhereHistoryEnds() {
        try (TestRepo repo = history()) {
            Path clone = tmp.resolve("clone");
            repo.git("clone", "--depth", "3", "file://" + repo.dir(), clone.toString()).ok();

            Cli cli = Cli.run("log", "--repo", clone.toString(), "--env", "staging", "checkout");

            assertEquals(0, cli.exitCode(), cli.transcript());
            List<String> lines = cli.out().lines().toList();
            assertEquals(sha(6) + " 2027-01-06 12:00:00 +00:00 Test Committer: staging below qa", lines.get(0),
                    cli.transcript());
            assertEquals(List.of(
                    "note: history ends at " + sha(5) + " (2027-01-05), a shallow clone: older changes are not known",
                    "1 commit changed what staging serves for checkout (3 commits walked, 3 loaded)"),
                    lines.subList(lines.size() - 2, lines.size()), cli.transcript());
        }
    }

    @Test
    void anEnvironmentThatAppearsLaterIsShownAppearing() {
        try (TestRepo repo = history()) {
            Cli cli = Cli.run("log", "--repo", repo.dir().toString(), "--env", "qa", "checkout");

            assertEquals(0, cli.exitCode(), cli.transcript());
            assertEquals(List.of(
                    sha(6) + " 2027-01-06 12:00:00 +00:00 Test Committer: staging below qa",
                    "  environment defined  (at environments/qa.yaml:1)",
                    "  enabled: true  (base flag at flags/main.yaml:2)",
                    "  default_value: true  (base flag at flags/main.yaml:4)",
                    "  rollout_percentage: 75%  (environment qa at environments/qa.yaml:4)",
                    "1 commit changed what qa serves for checkout (7 commits walked, 3 loaded)"),
                    cli.out().lines().toList(), cli.transcript());
        }
    }

    /**
     * gitflags.yaml changes what staging serves without touching a flag's layers: {@code bucketing:} moves the users
     * of a 10 % rollout (listed for checkout, not for the static search flag), and {@code allowed_environments}
     * stops staging being served at all.
     */
    @Test
    void aSettingThatChangesWhatTheEnvironmentServesIsListed() {
        try (TestRepo repo = checkoutFlag("settings")) {
            repo.write("gitflags.yaml", "default_environment: production\nbucketing: flagd\n");
            commit(repo, "bucket as flagd does", 2);
            repo.write("gitflags.yaml", "default_environment: production\nbucketing: flagd\n"
                    + "allowed_environments: [production]\n");
            commit(repo, "serve production only", 3);

            Cli checkout = Cli.run("log", "--repo", repo.dir().toString(), "--env", "staging", "checkout");
            Cli search = Cli.run("log", "--repo", repo.dir().toString(), "--env", "staging", "search");

            assertEquals(0, checkout.exitCode(), checkout.transcript());
            assertEquals(List.of(
                    sha(3) + " 2027-01-03 12:00:00 +00:00 Test Committer: serve production only",
                    "  allowed: true → false  (at gitflags.yaml:1)",
                    sha(2) + " 2027-01-02 12:00:00 +00:00 Test Committer: bucket as flagd does",
                    "  bucketing: gitflags → flagd  (at gitflags.yaml:1)"),
                    checkout.out().lines().limit(4).toList(), checkout.transcript());
            assertEquals(0, search.exitCode(), search.transcript());
            List<String> searchChanges = search.out().lines().filter(line -> line.startsWith(" ")).toList();
            assertTrue(searchChanges.contains("  allowed: true → false  (at gitflags.yaml:1)"), search.transcript());
            assertTrue(searchChanges.stream().noneMatch(line -> line.startsWith("  bucketing")), search.transcript());
        }
    }

    /** A broken commit serves nothing new (a server keeps its last snapshot): the fix shows the change. */
    @Test
    void aCommitThatDoesNotLoadIsSkippedAndTheFixCarriesTheChange() {
        try (TestRepo repo = history()) {
            repo.write("flags/main.yaml", FLAG.replace("rollout_percentage: 10", "rollout_percentage: [")).commit("oops");
            repo.write("flags/main.yaml", FLAG).commit("fixed, default false again");

            Cli cli = Cli.run("log", "--repo", repo.dir().toString(), "--env", "production", "checkout",
                    "--format", "json");

            assertEquals(0, cli.exitCode(), cli.transcript());
            JsonNode newest = json(cli).get("commits").get(0);
            assertEquals("fixed, default false again", newest.get("subject").asText(), cli.out());
            assertEquals(1, newest.get("changes").size(), cli.out());
            assertEquals("default_value", newest.get("changes").get(0).get("field").asText());
            assertEquals("checkout defaults to true", json(cli).get("commits").get(1).get("subject").asText());
        }
    }

    @Test
    void anUnknownEnvironmentOrFlagNamesTheNearest() {
        try (TestRepo repo = history()) {
            Cli env = Cli.run("log", "--repo", repo.dir().toString(), "--env", "stagign", "checkout");
            Cli flag = Cli.run("log", "--repo", repo.dir().toString(), "--env", "staging", "chekout");

            assertEquals(2, env.exitCode(), env.transcript());
            assertTrue(env.err().contains("unknown environment 'stagign'") && env.err().contains("'staging'"),
                    env.transcript());
            assertEquals(2, flag.exitCode(), flag.transcript());
            assertTrue(flag.err().contains("unknown flag 'chekout'") && flag.err().contains("'checkout'"),
                    flag.transcript());
        }
    }

    @Test
    void anInvalidNewestCommitIsAnError() {
        try (TestRepo repo = history()) {
            repo.write("flags/main.yaml", "flags:\n  checkout: [\n").commit("broken");

            Cli cli = Cli.run("log", "--repo", repo.dir().toString(), "--env", "staging", "checkout");

            assertEquals(2, cli.exitCode(), cli.transcript());
            assertTrue(cli.err().contains("flags/main.yaml:3:") && cli.err().contains("[E_YAML_SYNTAX]"),
                    cli.transcript());
        }
    }

    private static List<String> strings(JsonNode array) {
        List<String> values = new ArrayList<>();
        array.forEach(value -> values.add(value.asText()));
        return values;
    }

    private static JsonNode json(Cli cli) {
        try {
            return new ObjectMapper().readTree(cli.out());
        } catch (Exception e) {
            throw new AssertionError(cli.transcript(), e);
        }
    }
}
