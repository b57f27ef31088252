package dev.gitflags.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gitflags.testing.Cli;
import dev.gitflags.testing.TestRepo;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code gitflags stale} end to end, on real git repositories with dated commits and a shallow clone. */
class StaleCommandTest {

    private static final Instant JAN_1 = Instant.parse("2027-01-01T12:00:00Z");
    private static final Instant MAR_1 = Instant.parse("2027-03-01T12:00:00Z");

    private static final String GITFLAGS = """
            default_environment: production
            lifecycle:
              max_lifetime_days: 60
              unchanged_days: 30
            """;

    /** Line 2 done-rolling-out, 6 still-targeting, 17 expired, 22 operational (permanent: old but allowed). */
    private static final String FLAGS = """
            flags:
              done-rolling-out:
                type: boolean
                default_value: true
                owner: team-a
              still-targeting:
                type: boolean
                default_value: false
                rules:
                  - name: staff
                    conditions:
                      - attribute: email
                        operator: ends_with
                        value: "@acme.example"
                    serve: {enabled: true, value: true}
                owner: team-a
              expired:
                type: string
                default_value: blue
                expires: 2027-02-28
                rollout_percentage: 50
              operational:
                type: number
                default_value: 600
                permanent: true
                rules: [{name: partners, conditions: [{attribute: plan, operator: eq, value: p}], serve: {value: 6000}}]
            """;

    /** staging's rollout of 'expired' is what it inherits anyway (line 4). */
    private static final String STAGING = """
            parent: production
            overrides:
              expired:
                rollout_percentage: 50
            """;

    @TempDir
    Path tmp;

    private TestRepo history() {
        TestRepo repo = TestRepo.init(tmp.resolve("repo"));
        repo.write("gitflags.yaml", GITFLAGS).write("flags/main.yaml", FLAGS)
                .write("environments/production.yaml", "overrides:\n  done-rolling-out:\n    rollout_percentage: 40\n")
                .write("environments/staging.yaml", STAGING).commit("first flags", JAN_1);
        // done-rolling-out reaches everyone on March 1st; young arrives then too
        repo.write("environments/production.yaml", "overrides: {}\n")
                .write("flags/young.yaml", "flags:\n  young:\n    type: boolean\n    default_value: true\n"
                        + "    rollout_percentage: 10\n")
                .commit("done-rolling-out at 100 %", MAR_1);
        return repo;
    }

    @Test
    void listsExpiredTooOldSettledAndDeadWithTheirLinesAndReasons() {
        try (TestRepo repo = history()) {
            Cli cli = Cli.run("stale", "--repo", repo.dir().toString(), "--as-of", "2027-04-15");

            assertEquals(1, cli.exitCode(), cli.transcript());
            List<String> lines = cli.out().lines().toList();
            assertEquals(List.of(
                    "environments/staging.yaml:4:5: expired: rollout_percentage in staging equals what it inherits"
                            + " [DEAD_OVERRIDE]",
                    "flags/main.yaml:2:3: done-rolling-out: 103 days old (first defined in "
                            + repo.commitAt("HEAD~1").name().substring(0, 12) + ", 2027-01-01), over the 60 days the"
                            + " lifecycle policy allows (owner team-a) [TOO_OLD]",
                    "flags/main.yaml:2:3: done-rolling-out: serves true (STATIC) to every request in every served"
                            + " environment, unchanged for 30 days: done rolling out (owner team-a) [SETTLED]",
                    "flags/main.yaml:6:3: still-targeting: 103 days old (first defined in "
                            + repo.commitAt("HEAD~1").name().substring(0, 12) + ", 2027-01-01), over the 60 days the"
                            + " lifecycle policy allows (owner team-a) [TOO_OLD]",
                    "flags/main.yaml:17:3: expired: expired on 2027-02-28 [EXPIRED]",
                    "flags/main.yaml:17:3: expired: 103 days old (first defined in "
                            + repo.commitAt("HEAD~1").name().substring(0, 12) + ", 2027-01-01), over the 60 days the"
                            + " lifecycle policy allows [TOO_OLD]",
                    "3 stale flags, 1 dead override as of 2027-04-15"),
                    lines, cli.transcript());
        }
    }

    @Test
    void aFlagThatReachedOneValueRecentlyIsNotYetSettled() {
        try (TestRepo repo = history()) {
            Cli cli = Cli.run("stale", "--repo", repo.dir().toString(), "--as-of", "2027-03-20", "--format", "json");

            JsonNode findings = json(cli).get("findings");
            for (JsonNode finding : findings) {
                assertTrue(!finding.get("reason").asText().equals("SETTLED"), cli.transcript());
            }
            assertEquals("2027-03-20", json(cli).get("asOf").asText());
        }
    }

    @Test
    void nothingStaleExitsZero() {
        try (TestRepo repo = TestRepo.init(tmp.resolve("repo"))) {
            repo.write("gitflags.yaml", "default_environment: production\n")
                    .write("flags/main.yaml", "flags:\n  young:\n    type: boolean\n    default_value: true\n"
                            + "    rollout_percentage: 10\n")
                    .write("environments/production.yaml", "overrides: {}\n").commit("young", JAN_1);

            Cli cli = Cli.run("stale", "--repo", repo.dir().toString(), "--as-of", "2027-06-01", "--format",
                    "markdown");

            assertEquals(0, cli.exitCode(), cli.transcript());
            assertTrue(cli.out().endsWith("nothing stale as of 2027-06-01\n"), cli.transcript());
        }
    }

    /** A clone with --depth 1 holds one commit: ages are at least that old, and the output says where history ends. */
    @Test
    void aShallowCloneSaysWhereHistoryEnds() throws Exception {
        try (TestRepo repo = history()) {
            Path clone = tmp.resolve("clone");
            repo.git("clone", "--depth", "1", "file://" + repo.dir(), clone.toString()).ok();

            Cli cli = Cli.run("stale", "--repo", clone.toString(), "--as-of", "2027-06-01", "--format", "json");

            assertEquals(1, cli.exitCode(), cli.transcript());
            JsonNode report = json(cli);
            assertTrue(report.get("historyNote").asText().startsWith("history ends at "
                    + repo.commitAt("HEAD").name().substring(0, 12) + " (2027-03-01), a shallow clone"), cli.transcript());
            boolean atLeast = false;
            for (JsonNode finding : report.get("findings")) {
                if (finding.get("reason").asText().equals("TOO_OLD") && finding.get("flag").asText().equals("expired")) {
                    atLeast = finding.get("detail").asText().startsWith("at least 91 days old");
                }
            }
            assertTrue(atLeast, cli.transcript());
        }
    }

    @Test
    void anInvalidRepositoryIsAnErrorNotAFinding() {
        try (TestRepo repo = history()) {
            repo.write("flags/main.yaml", "flags: [").commit("broken", MAR_1);

            Cli cli = Cli.run("stale", "--repo", repo.dir().toString());

            assertEquals(2, cli.exitCode(), cli.transcript());
        }
    }

    private static JsonNode json(Cli cli) {
        try {
            return new ObjectMapper().readTree(cli.out());
        } catch (Exception e) {
            throw new AssertionError(cli.transcript(), e);
        }
    }
}
