package dev.gitflags.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gitflags.testing.Cli;
import dev.gitflags.testing.Fixtures;
import dev.gitflags.testing.TestRepo;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.revwalk.RevCommit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code gitflags promote} through the real command line, on real git repositories. */
class PromoteCommandTest {

    @TempDir
    Path temp;

    @Test
    void promotesAndPrintsWhatChangedWithTheCommit() throws Exception {
        try (TestRepo repo = Fixtures.Promotion.repo(temp.resolve("repo"))) {
            Cli run = Cli.run("promote", "--repo", repo.dir().toString(), "--from", "staging", "--to", "production",
                    "new-checkout", "--author", "Grace Hopper <grace@example.com>");

            assertEquals(0, run.exitCode(), run.transcript());
            RevCommit commit = repo.commitAt("main");
            assertEquals("promoted staging → production on main: new-checkout\n"
                    + "production\n  new-checkout\n"
                    + "    enabled: false → true  (environments/production.yaml:13)\n"
                    + "    rollout_percentage: none → 50%  (environments/production.yaml:14)\n"
                    + "1 flag resolves differently in 1 environment, 2 changed fields\n"
                    + "commit " + commit.name() + "\n", run.out());
            assertEquals("Grace Hopper", commit.getAuthorIdent().getName());
            assertEquals("grace@example.com", commit.getAuthorIdent().getEmailAddress());
        }
    }

    /**
     * The issue's tree: production ← staging ← dev, canary and production ← eu-production ← eu-edge. Only dev
     * and canary mention new-search, so a load in its scope reads staging and production as their ancestors;
     * nothing leads it to eu-production and eu-edge, which inherit the flag from production untouched.
     */
    private static TestRepo blastRadiusRepo(Path dir) {
        TestRepo repo = TestRepo.init(dir).write(Map.of(
                "gitflags.yaml", "default_environment: production\n",
                "flags/search.yaml", """
                        flags:
                          new-search:
                            type: boolean
                            enabled: false
                            default_value: false
                          old-search:
                            type: boolean
                            default_value: true
                        """,
                "environments/production.yaml", "name: Production\n",
                "environments/staging.yaml", "name: Staging\nparent: production\noverrides:\n  old-search:\n"
                        + "    enabled: false\n",
                "environments/eu-production.yaml", "name: EU production\nparent: production\n",
                "environments/eu-edge.yaml", "name: EU edge\nparent: eu-production\n",
                "environments/canary.yaml", "name: Canary\nparent: staging\noverrides:\n  new-search:\n"
                        + "    rollout_percentage: 5\n",
                "environments/dev.yaml", "name: Dev\nparent: staging\noverrides:\n  new-search:\n"
                        + "    enabled: true\n    rollout_percentage: 50\n"));
        repo.commit("initial config");
        return repo;
    }

    /** What promoting new-search from dev to production changes: every environment but dev, which overrides it. */
    private static final String BLAST_RADIUS = """
            production
              new-search
                enabled: false → true  (environments/production.yaml:4)
                rollout_percentage: none → 50%  (environments/production.yaml:5)
            eu-production
              new-search
                enabled: false → true  (environments/production.yaml:4)
                rollout_percentage: none → 50%  (environments/production.yaml:5)
            eu-edge
              new-search
                enabled: false → true  (environments/production.yaml:4)
                rollout_percentage: none → 50%  (environments/production.yaml:5)
            staging
              new-search
                enabled: false → true  (environments/production.yaml:4)
                rollout_percentage: none → 50%  (environments/production.yaml:5)
            canary
              new-search
                enabled: false → true  (environments/production.yaml:4)
            1 flag resolves differently in 5 environments, 9 changed fields
            """;

    @Test
    void thePlanAndTheCommitMessageListEveryEnvironmentThatChangesAsDiffDoes() throws Exception {
        try (TestRepo repo = blastRadiusRepo(temp.resolve("repo"))) {
            String dir = repo.dir().toString();
            Cli dryRun = Cli.run("promote", "--repo", dir, "--from", "dev", "--to", "production", "new-search",
                    "--dry-run");
            assertEquals(0, dryRun.exitCode(), dryRun.transcript());
            assertTrue(dryRun.out().startsWith("would promote dev → production: new-search\n" + BLAST_RADIUS
                    + "\n--- a/environments/production.yaml\n"), dryRun.out());

            Cli json = Cli.run("promote", "--repo", dir, "--from", "dev", "--to", "production", "new-search",
                    "--dry-run", "--format", "json");
            assertEquals(0, json.exitCode(), json.transcript());
            JsonNode document = new ObjectMapper().readTree(json.out());
            assertEquals(List.of("production", "eu-production", "eu-edge", "staging", "canary"),
                    document.get("environments").findValuesAsText("environment"));
            assertEquals("1 flag resolves differently in 5 environments, 9 changed fields",
                    document.get("summary").asText());
            JsonNode canary = document.get("environments").get(4).get("flags").get(0).get("changes");
            assertEquals(1, canary.size(), canary::toPrettyString);
            assertEquals("environments/production.yaml:4", canary.get(0).get("cause").asText());

            Cli run = Cli.run("promote", "--repo", dir, "--from", "dev", "--to", "production", "new-search");
            assertEquals(0, run.exitCode(), run.transcript());
            RevCommit commit = repo.commitAt("main");
            assertEquals("promoted dev → production on main: new-search\n" + BLAST_RADIUS + "commit " + commit.name()
                    + "\n", run.out());
            assertTrue(commit.getFullMessage().startsWith("promote dev → production: new-search\n\n" + BLAST_RADIUS
                    + "\nPromoted-From: dev@"), commit.getFullMessage());
            // the same lines as diff prints for the commit, which loads both sides in full
            Cli diff = Cli.run("diff", "--repo", dir, "HEAD~1", "HEAD");
            assertEquals(1, diff.exitCode(), diff.transcript());
            assertEquals(BLAST_RADIUS.replace("1 flag resolves", "from HEAD~1 to HEAD: 1 flag resolves"), diff.out());
        }
    }

    @Test
    void dryRunPrintsPlanAndDiffAsJsonAndCommitsNothing() throws Exception {
        try (TestRepo repo = Fixtures.Promotion.repo(temp.resolve("repo"))) {
            ObjectId before = repo.tip("main");
            Cli run = Cli.run("promote", "--repo", repo.dir().toString(), "--from", "staging", "--to", "production",
                    "--all", "--dry-run", "--format", "json");

            assertEquals(0, run.exitCode(), run.transcript());
            assertTrue(run.out().contains("\"status\" : \"dry_run\""), run.out());
            assertTrue(run.out().contains("+  new-checkout:"), run.out());
            assertEquals(before, repo.tip("main"));
        }
    }

    @Test
    void nothingToPromoteExitsZeroAndSaysWhy() throws Exception {
        try (TestRepo repo = Fixtures.Promotion.repo(temp.resolve("repo"))) {
            Cli run = Cli.run("promote", "--repo", repo.dir().toString(), "--from", "staging", "--to", "dev",
                    "--all");

            assertEquals(0, run.exitCode(), run.transcript());
            assertEquals("nothing to promote: dev inherits from staging (dev → staging) and overrides none of its "
                    + "flags, so it already resolves them exactly as staging does\n", run.out());
        }
    }

    @Test
    void usageErrorsExitTwoAndMeaninglessPromotionsExitOne() throws Exception {
        try (TestRepo repo = Fixtures.Promotion.repo(temp.resolve("repo"))) {
            String dir = repo.dir().toString();
            Cli noKeys = Cli.run("promote", "--repo", dir, "--from", "staging", "--to", "production");
            assertEquals(2, noKeys.exitCode(), noKeys.transcript());
            assertTrue(noKeys.err().contains("name the flags to promote, or --all"), noKeys.err());

            Cli unknown = Cli.run("promote", "--repo", dir, "--from", "staging", "--to", "prodution", "dark-mode");
            assertEquals(2, unknown.exitCode(), unknown.transcript());
            assertEquals("gitflags: unknown environment 'prodution' (did you mean 'production'?)\n", unknown.err());

            Cli badAuthor = Cli.run("promote", "--repo", dir, "--from", "staging", "--to", "production",
                    "dark-mode", "--author", "nobody");
            assertEquals(2, badAuthor.exitCode(), badAuthor.transcript());

            Cli self = Cli.run("promote", "--repo", dir, "--from", "dev", "--to", "dev", "dark-mode");
            assertEquals(1, self.exitCode(), self.transcript());

            Cli notGit = Cli.run("promote", "--repo", temp.toString(), "--from", "a", "--to", "b", "--all");
            assertEquals(2, notGit.exitCode(), notGit.transcript());
        }
    }

    @Test
    void maxFileSizeBoundsTheFilesAPromotionReadsBothWays() throws Exception {
        String padded = Fixtures.Promotion.PRODUCTION + "# padding\n".repeat(150_000); // 1.5 MB, over the 1MiB default
        try (TestRepo repo = Fixtures.Promotion.repo(temp.resolve("repo"))) {
            repo.write("environments/production.yaml", padded).commit("a long comment in production");
            String dir = repo.dir().toString();
            ObjectId before = repo.tip("main");

            Cli small = Cli.run("promote", "--repo", dir, "--from", "staging", "--to", "production", "dark-mode",
                    "--max-file-size", "1KiB");
            assertEquals(1, small.exitCode(), small.transcript());
            assertTrue(small.err().contains("environments/production.yaml:1:1: file has " + padded.length()
                    + " bytes, more than the limit of 1024"), small.transcript());
            assertTrue(small.err().contains("[E_LIMIT]"), small.transcript());
            assertEquals(before, repo.tip("main"));

            Cli large = Cli.run("promote", "--repo", dir, "--from", "staging", "--to", "production", "dark-mode",
                    "--max-file-size", "2MiB");
            assertEquals(0, large.exitCode(), large.transcript());
            assertTrue(large.out().startsWith("promoted staging → production on main: dark-mode\n"),
                    large.transcript());
            assertTrue(repo.read("main", "environments/production.yaml").endsWith("# padding\n"));
        }
    }

    @Test
    void aRepositoryWithoutACommitExitsTwoWithASentence() throws Exception {
        try (TestRepo repo = TestRepo.init(temp.resolve("repo")).write(Fixtures.Promotion.files())) {
            Cli run = Cli.run("promote", "--repo", repo.dir().toString(), "--from", "staging", "--to", "production",
                    "--all");

            assertEquals(2, run.exitCode(), run.transcript());
            assertEquals("gitflags: branch 'main' has no commit yet (commit the config first, then promote)\n",
                    run.err(), run.transcript());
            assertEquals("", run.out(), run.transcript());
            assertNull(repo.head());
        }
    }
}
