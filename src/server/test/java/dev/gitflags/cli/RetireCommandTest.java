package dev.gitflags.cli;

import dev.gitflags.testing.Cli;
import dev.gitflags.testing.Fixtures;
import dev.gitflags.testing.TestRepo;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.revwalk.RevCommit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code gitflags retire} through the real command line, on real git repositories. */
class RetireCommandTest {

    @TempDir
    Path temp;

    @Test
    void retiresAndPrintsWhatEachFlagServedAndEveryFileTheCommitChanges() throws Exception {
        try (TestRepo repo = Fixtures.Retirement.repo(temp.resolve("repo"))) {
            Cli run = Cli.run("retire", "--repo", repo.dir().toString(), "new-checkout", "old-banner",
                    "--author", "Grace Hopper <grace@example.com>", "-m", "retire the launched checkout");

            assertEquals(0, run.exitCode(), run.transcript());
            RevCommit commit = repo.commitAt("main");
            assertEquals("retired on main: new-checkout, old-banner\n"
                    + "  new-checkout: served true (STATIC) to every request in every served environment\n"
                    + "  old-banner: served false (DISABLED) to every request in every served environment\n"
                    + "  edits flags/checkout.yaml\n"
                    + "  removes flags/legacy.yaml\n"
                    + "  edits environments/production.yaml\n"
                    + "  edits environments/staging.yaml\n"
                    + "commit " + commit.name() + "\n", run.out());
            assertEquals("retire the launched checkout", commit.getShortMessage());
            assertEquals("Grace Hopper", commit.getAuthorIdent().getName());
            // the user's own git sees a clean checkout that matches the commit
            assertEquals("", repo.git("status", "--porcelain").ok());
            assertEquals("", repo.git("diff", "HEAD").ok());
            assertTrue(!Files.exists(repo.dir().resolve("flags/legacy.yaml")));
            Cli validate = Cli.run("validate", "--repo", repo.dir().toString());
            assertEquals(0, validate.exitCode(), validate.transcript());
        }
    }

    @Test
    void dryRunPrintsTheUnifiedDiffAndWritesNothing() throws Exception {
        try (TestRepo repo = Fixtures.Retirement.repo(temp.resolve("repo"))) {
            ObjectId before = repo.tip("main");

            Cli run = Cli.run("retire", "--repo", repo.dir().toString(), "--dry-run", "new-checkout");

            assertEquals(0, run.exitCode(), run.transcript());
            assertTrue(run.out().contains("""
                    --- a/environments/staging.yaml
                    +++ b/environments/staging.yaml
                    @@ -1,6 +1,5 @@
                     name: Staging
                     parent: production
                     overrides:
                    -  new-checkout: {enabled: true}
                       express-pay:
                         default_value: false
                    """), run.out());
            assertTrue(run.out().endsWith("dry run: nothing committed\n"), run.out());
            assertEquals(before, repo.tip("main"));
            assertEquals("", repo.git("status", "--porcelain").ok());
        }
    }

    @Test
    void aFlagStillUsedInCodeOrServingSeveralValuesIsRefusedWithExitOneUnlessForced() throws Exception {
        try (TestRepo repo = Fixtures.Retirement.repo(temp.resolve("repo"))) {
            Path app = Files.createDirectories(temp.resolve("app"));
            Files.writeString(app.resolve("checkout.ts"), "if (await client.getBooleanValue('new-checkout', false)) {}\n");
            ObjectId before = repo.tip("main");

            Cli used = Cli.run("retire", "--repo", repo.dir().toString(), "--code", app.toString(), "new-checkout");
            Cli differs = Cli.run("retire", "--repo", repo.dir().toString(), "express-pay");

            assertEquals(1, used.exitCode(), used.transcript());
            assertEquals("gitflags: code still references new-checkout (" + app.toString().replace('\\', '/')
                    + "/checkout.ts:1) (remove those uses first (gitflags refs --code lists them), or retire anyway"
                    + " with --force)\n", used.err());
            assertEquals(1, differs.exitCode(), differs.transcript());
            assertTrue(differs.err().startsWith("gitflags: express-pay does not serve one value everywhere"),
                    differs.err());
            assertEquals(before, repo.tip("main"));

            Cli forced = Cli.run("retire", "--repo", repo.dir().toString(), "--code", app.toString(), "--force",
                    "new-checkout");
            assertEquals(0, forced.exitCode(), forced.transcript());
        }
    }

    @Test
    void anUnknownFlagOrANonRepositoryIsExitTwoWithALocatedMessage() throws Exception {
        try (TestRepo repo = Fixtures.Retirement.repo(temp.resolve("repo"))) {
            Cli unknown = Cli.run("retire", "--repo", repo.dir().toString(), "new-chekout");
            Path plain = Files.createDirectories(temp.resolve("not-a-repo"));
            Cli notARepo = Cli.run("retire", "--repo", plain.toString(), "new-checkout");
            Cli none = Cli.run("retire", "--repo", repo.dir().toString());

            assertEquals(2, unknown.exitCode(), unknown.transcript());
            assertEquals("gitflags: unknown flag 'new-chekout' (did you mean 'new-checkout'?)\n", unknown.err());
            assertEquals(2, notARepo.exitCode(), notARepo.transcript());
            assertTrue(notARepo.err().contains(plain.toString()), notARepo.err());
            assertEquals(2, none.exitCode(), none.transcript());
        }
    }

    private static TestRepo repoWithSettings(Path dir, String gitflags) {
        TestRepo repo = TestRepo.init(dir).write(Fixtures.Retirement.files()).write("gitflags.yaml", gitflags);
        repo.commit("initial config");
        return repo;
    }

    @Test
    void theCommitAlsoRemovesTheRetiredFlagsAliasesFromGitflagsYamlSoRefsStopsSearchingForThem() throws Exception {
        String gitflags = """
                default_environment: production
                refs:
                  aliases:
                    new-checkout: [NEW_CHECKOUT, legacyCheckout]
                    wizard-copy: WIZARD_COPY
                """;
        try (TestRepo repo = repoWithSettings(temp.resolve("repo"), gitflags)) {
            Path app = Files.createDirectories(temp.resolve("app"));
            Files.writeString(app.resolve("legacy.ts"), "const on = flags.legacyCheckout;\n");

            Cli run = Cli.run("retire", "--repo", repo.dir().toString(), "new-checkout");

            assertEquals(0, run.exitCode(), run.transcript());
            assertTrue(run.out().contains("  edits environments/staging.yaml\n  edits gitflags.yaml\ncommit "),
                    run.out());
            String expected = """
                    default_environment: production
                    refs:
                      aliases:
                        wizard-copy: WIZARD_COPY
                    """;
            assertEquals(expected, repo.read("main", "gitflags.yaml"));
            assertEquals(expected, Files.readString(repo.dir().resolve("gitflags.yaml")));
            assertTrue(repo.commitAt("main").getFullMessage().contains("\nedited gitflags.yaml\n"));
            assertEquals("", repo.git("status", "--porcelain").ok());
            Cli validate = Cli.run("validate", "--repo", repo.dir().toString());
            assertEquals(0, validate.exitCode(), validate.transcript());
            // the retired flag's alias is no longer a spelling refs looks for
            Cli refs = Cli.run("refs", "--repo", repo.dir().toString(), "--code", app.toString(), "--format", "json");
            assertFalse(refs.out().contains("legacyCheckout"), refs.transcript());
        }
    }

    @Test
    void dryRunPrintsTheDiffOfGitflagsYamlWrittenInFlowStyleAndWritesNothing() throws Exception {
        String gitflags = "default_environment: production\n"
                + "refs: {aliases: {new-checkout: NEW_CHECKOUT, wizard-copy: WIZARD_COPY}, spellings: [constant]}\n";
        try (TestRepo repo = repoWithSettings(temp.resolve("repo"), gitflags)) {
            ObjectId before = repo.tip("main");

            Cli run = Cli.run("retire", "--repo", repo.dir().toString(), "--dry-run", "new-checkout");

            assertEquals(0, run.exitCode(), run.transcript());
            assertTrue(run.out().contains("""
                    --- a/gitflags.yaml
                    +++ b/gitflags.yaml
                    @@ -1,2 +1,2 @@
                     default_environment: production
                    -refs: {aliases: {new-checkout: NEW_CHECKOUT, wizard-copy: WIZARD_COPY}, spellings: [constant]}
                    +refs: {aliases: {wizard-copy: WIZARD_COPY}, spellings: [constant]}
                    """), run.out());
            assertTrue(run.out().endsWith("dry run: nothing committed\n"), run.out());
            assertEquals(before, repo.tip("main"));
            assertEquals(gitflags, Files.readString(repo.dir().resolve("gitflags.yaml")));
            assertEquals("", repo.git("status", "--porcelain").ok());
        }
    }
}
