package dev.gitflags.internal.promote;

import dev.gitflags.internal.Snapshot;
import dev.gitflags.internal.diff.FieldValues;
import dev.gitflags.internal.load.Loader;
import dev.gitflags.testing.Cli;
import dev.gitflags.testing.TestRepo;
import org.eclipse.jgit.lib.ObjectId;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * YAML anchors and aliases let two overrides share one node. A promotion changes exactly the flags it names: the
 * promoted flags resolve in DST as in SRC, every other flag resolves everywhere as before, and the commit is one
 * {@code gitflags validate} accepts. Committed with JGit, checked with the {@code git} binary beside it.
 */
class SharedNodesTest {

    private static final String FLAGS = """
            flags:
              a:
                type: boolean
                enabled: false
                default_value: false
              b:
                type: boolean
                enabled: false
                default_value: false
              c:
                type: boolean
                enabled: false
                default_value: false
            """;

    /** Staging overrides a and c; it inherits b from production. */
    private static final String STAGING = """
            name: Staging
            parent: production
            overrides:
              a:
                enabled: true
                rollout_percentage: 50
              c:
                enabled: true
                rollout_percentage: 50
            """;

    @TempDir
    Path temp;

    private TestRepo repo(String production) {
        TestRepo repo = TestRepo.init(temp.resolve("repo"));
        repo.write("gitflags.yaml", "default_environment: production\n")
                .write("flags/core.yaml", FLAGS)
                .write("environments/production.yaml", production)
                .write("environments/staging.yaml", STAGING)
                .write("environments/dev.yaml", "name: Dev\nparent: staging\n")
                .commit("production shares nodes between overrides");
        return repo;
    }

    private static PromotionResult promote(TestRepo repo, String key) throws Exception {
        return new Promoter(repo.repository(), "", new Loader())
                .promote(new Promoter.Request("staging", "production", List.of(key), "main", null, false, null, null));
    }

    /**
     * {@code key} resolves in production at main as in staging at {@code before}; every other flag, and
     * {@code key} in every environment but production and those inheriting from it, resolves as at {@code before}.
     */
    private static void assertOnlyPromoted(TestRepo repo, ObjectId before, String key) {
        Snapshot was = repo.snapshot(before.name());
        Snapshot now = repo.snapshot("main");
        assertEquals(List.of(), FieldValues.differing(was.flag("staging", key).orElseThrow(),
                now.flag("production", key).orElseThrow()), key + " in production");
        for (String environment : was.environments().keySet()) {
            for (String flag : was.flagKeys()) {
                if (flag.equals(key) && !environment.equals("staging")) {
                    continue; // production and what inherits from it is where the promotion goes
                }
                assertEquals(List.of(), FieldValues.differing(was.flag(environment, flag).orElseThrow(),
                        now.flag(environment, flag).orElseThrow()), flag + " in " + environment);
            }
        }
    }

    /** What git itself sees: the committed file as JGit read it, a clean tree, a sound object store. */
    private static void assertGitAgrees(TestRepo repo) {
        assertEquals(repo.read("main", "environments/production.yaml"),
                repo.git("show", "main:environments/production.yaml").ok());
        assertEquals("", repo.git("status", "--porcelain").ok());
        repo.git("fsck", "--strict").ok();
    }

    /** {@code gitflags diff HEAD~1 HEAD} names only {@code key}, and {@code validate --ref main} accepts the commit. */
    private static void assertCommandLineSeesOnly(TestRepo repo, String key) {
        String dir = repo.dir().toString();
        Cli diff = Cli.run("diff", "--repo", dir, "HEAD~1", "HEAD");
        assertEquals(1, diff.exitCode(), diff.transcript());
        List<String> flags = diff.out().lines().filter(line -> line.matches("  \\S.*")).distinct().toList();
        assertEquals(List.of("  " + key), flags, diff.out());
        Cli validate = Cli.run("validate", "--repo", dir, "--ref", "main");
        assertEquals(0, validate.exitCode(), validate.transcript());
    }

    @Test
    void promotingTheAnchoredBlockOverrideLeavesItsAliasAsItWas() throws Exception {
        try (TestRepo repo = repo("""
                name: Production
                overrides:
                  a: &off
                    enabled: false
                  b: *off
                """)) {
            ObjectId before = repo.tip("main");

            PromotionResult result = promote(repo, "a");

            assertEquals(PromotionResult.Status.PROMOTED, result.status(), String.valueOf(result.refusal()));
            assertEquals("""
                    name: Production
                    overrides:
                      a:
                        enabled: true
                        rollout_percentage: 50
                      b: &off
                        enabled: false
                    """, repo.read("main", "environments/production.yaml"));
            assertOnlyPromoted(repo, before, "a");
            assertGitAgrees(repo);
            assertCommandLineSeesOnly(repo, "a");
        }
    }

    @Test
    void promotingTheAnchoredFlowOverrideKeepsTheAnchorItsAliasNeeds() throws Exception {
        try (TestRepo repo = repo("""
                name: Production
                overrides:
                  a: &off {enabled: false}
                  b: *off
                """)) {
            ObjectId before = repo.tip("main");

            PromotionResult result = promote(repo, "a");

            assertEquals(PromotionResult.Status.PROMOTED, result.status(), String.valueOf(result.refusal()));
            assertEquals("""
                    name: Production
                    overrides:
                      a: {enabled: true, rollout_percentage: 50}
                      b: &off {enabled: false}
                    """, repo.read("main", "environments/production.yaml"));
            assertOnlyPromoted(repo, before, "a");
            assertGitAgrees(repo);
            assertCommandLineSeesOnly(repo, "a");
        }
    }

    @Test
    void promotingAnAliasWritesThatOverrideOutAndLeavesTheAnchorToItsOtherUsers() throws Exception {
        try (TestRepo repo = repo("""
                name: Production
                overrides:
                  a: &off {enabled: false}
                  b: *off
                  c: *off   # same as a
                """)) {
            ObjectId before = repo.tip("main");

            PromotionResult result = promote(repo, "c");

            assertEquals(PromotionResult.Status.PROMOTED, result.status(), String.valueOf(result.refusal()));
            assertEquals("""
                    name: Production
                    overrides:
                      a: &off {enabled: false}
                      b: *off
                      c: {enabled: true, rollout_percentage: 50}   # same as a
                    """, repo.read("main", "environments/production.yaml"));
            assertOnlyPromoted(repo, before, "c");
            assertGitAgrees(repo);
            assertCommandLineSeesOnly(repo, "c");
        }
    }

    @Test
    void anAnchoredFieldMovesToItsNextUserWhenTheFieldIsReplaced() throws Exception {
        try (TestRepo repo = repo("""
                name: Production
                overrides:
                  a:
                    enabled: &no false
                  b:
                    enabled: *no
                """)) {
            ObjectId before = repo.tip("main");

            PromotionResult result = promote(repo, "a");

            assertEquals(PromotionResult.Status.PROMOTED, result.status(), String.valueOf(result.refusal()));
            assertEquals("""
                    name: Production
                    overrides:
                      a:
                        enabled: true
                        rollout_percentage: 50
                      b:
                        enabled: &no false
                    """, repo.read("main", "environments/production.yaml"));
            assertOnlyPromoted(repo, before, "a");
            assertGitAgrees(repo);
            assertCommandLineSeesOnly(repo, "a");
        }
    }

    @Test
    void anAnchorWhoseNextUserCannotTakeItOverIsRefusedByName() throws Exception {
        String production = """
                name: Production
                overrides:
                  a:
                    enabled: &no false
                  b: {enabled: *no}
                """;
        try (TestRepo repo = repo(production)) {
            ObjectId before = repo.tip("main");

            PromotionResult result = promote(repo, "a");

            assertEquals(PromotionResult.Status.REFUSED, result.status());
            assertEquals(Refusal.Kind.INVALID, result.refusal().kind());
            assertTrue(result.refusal().message().contains("&no"), result.refusal().message());
            assertEquals(before, repo.tip("main"));
            assertEquals(production, repo.read("main", "environments/production.yaml"));
            assertEquals("", repo.git("status", "--porcelain").ok());
        }
    }
}
