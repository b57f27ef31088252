package dev.gitflags.internal.promote;

import dev.gitflags.internal.load.Loader;
import dev.gitflags.testing.ConcurrentWriters;
import dev.gitflags.testing.Fixtures;
import dev.gitflags.testing.TestRepo;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code retire} in the engine, on real git repositories, judged by JGit and by the {@code git} binary. */
class RetirerTest {

    @TempDir
    Path temp;

    private static Retirer.Request request(String... keys) {
        return new Retirer.Request(List.of(keys), "main", null, false, false, List.of(), null, null);
    }

    private static RetirementResult retire(Repository repository, Retirer.Request request) throws Exception {
        return new Retirer(repository, "", new Loader()).retire(request);
    }

    private static String describe(RetirementResult result) {
        return result.refusal() == null ? "" : result.refusal() + " " + result.refusal().problems();
    }

    private static final String CHECKOUT_WITHOUT_NEW_CHECKOUT = """
            # Checkout flags. Owner: team-checkout.

            flags:
              wizard-copy:
                type: string
                default_value: "short"
                variants:
                  short: {value: short, weight: 50}
                  long: {value: 'long', weight: 50}
              express-pay:
                type: boolean
                default_value: false
            """;

    private static final String PRODUCTION_WITHOUT_NEW_CHECKOUT = """
            # Production: customers see this.
            name: Production
            description: 'the real thing'   # quoted on purpose

            overrides:
              express-pay:
                enabled: true
                default_value: true
            """;

    private static final String STAGING_WITHOUT_NEW_CHECKOUT = """
            name: Staging
            parent: production
            overrides:
              express-pay:
                default_value: false
            """;

    @Test
    void retiresAFlagAsOneCommitThatRemovesItsDefinitionAndEveryOverrideLeavingEveryOtherLineAlone()
            throws Exception {
        try (TestRepo repo = Fixtures.Retirement.repo(temp.resolve("repo"))) {
            ObjectId before = repo.tip("main");

            RetirementResult result = retire(repo.repository(), request("new-checkout"));

            assertEquals(RetirementResult.Status.RETIRED, result.status(), describe(result));
            RevCommit commit = repo.commitAt("main");
            assertEquals(result.commit(), commit.name());
            assertEquals(before, commit.getParent(0));
            assertEquals(CHECKOUT_WITHOUT_NEW_CHECKOUT, repo.read("main", "flags/checkout.yaml"));
            assertEquals(PRODUCTION_WITHOUT_NEW_CHECKOUT, repo.read("main", "environments/production.yaml"));
            assertEquals(STAGING_WITHOUT_NEW_CHECKOUT, repo.read("main", "environments/staging.yaml"));
            assertEquals(Fixtures.Retirement.LEGACY, repo.read("main", "flags/legacy.yaml"));
            assertEquals("retire new-checkout\n\n"
                    + "new-checkout: served true (STATIC) to every request in every served environment\n\n"
                    + "edited flags/checkout.yaml\n"
                    + "edited environments/production.yaml\nedited environments/staging.yaml\n\n"
                    + "Gitflags-Retired-On: " + before.name() + "\nGitflags-Retired: new-checkout\n",
                    commit.getFullMessage());
            // git reads the trailers, and the checked-out tree and index follow the commit
            assertEquals("new-checkout\n", repo.git("log", "-1", "--format=%(trailers:key=Gitflags-Retired,valueonly)")
                    .ok().stripTrailing() + "\n");
            assertEquals("", repo.git("status", "--porcelain").ok());
            assertEquals(CHECKOUT_WITHOUT_NEW_CHECKOUT, Files.readString(repo.dir().resolve("flags/checkout.yaml")));
            assertFalse(repo.snapshot("main").flags().containsKey("new-checkout"));
            CheckedOutRepos.assertClean(repo, repo.dir());
        }
    }

    @Test
    void aFlagsFileThatDefinesOnlyTheRetiredFlagIsDeletedFromTheCommitTheTreeAndTheIndex() throws Exception {
        try (TestRepo repo = Fixtures.Retirement.repo(temp.resolve("repo"))) {
            RetirementResult result = retire(repo.repository(), request("old-banner"));

            assertEquals(RetirementResult.Status.RETIRED, result.status(), describe(result));
            assertEquals(List.of("flags/legacy.yaml"), result.files());
            assertEquals(List.of("flags/legacy.yaml"), result.removed());
            assertNull(repo.read("main", "flags/legacy.yaml"));
            assertFalse(Files.exists(repo.dir().resolve("flags/legacy.yaml")));
            assertEquals("", repo.git("status", "--porcelain").ok());
            assertEquals("D\tflags/legacy.yaml\n", repo.git("diff", "--name-status", "HEAD~1", "HEAD").ok());
            assertTrue(result.message().contains("\nremoved flags/legacy.yaml\n"), result.message());
            CheckedOutRepos.assertClean(repo, repo.dir());
        }
    }

    @Test
    void retiringSeveralFlagsAtOnceIsOneCommit() throws Exception {
        try (TestRepo repo = Fixtures.Retirement.repo(temp.resolve("repo"))) {
            ObjectId before = repo.tip("main");

            RetirementResult result = retire(repo.repository(), request("old-banner", "new-checkout"));

            assertEquals(RetirementResult.Status.RETIRED, result.status(), describe(result));
            assertEquals(before, repo.commitAt("main").getParent(0));
            assertNull(repo.read("main", "flags/legacy.yaml"));
            assertEquals(CHECKOUT_WITHOUT_NEW_CHECKOUT, repo.read("main", "flags/checkout.yaml"));
            assertEquals("old-banner\nnew-checkout", repo.git("log", "-1",
                    "--format=%(trailers:key=Gitflags-Retired,valueonly)").ok().strip());
        }
    }

    @Test
    void aFlagThatDoesNotServeOneValueEverywhereIsRefusedUnlessForced() throws Exception {
        try (TestRepo repo = Fixtures.Retirement.repo(temp.resolve("repo"))) {
            ObjectId before = repo.tip("main");

            RetirementResult differs = retire(repo.repository(), request("express-pay"));
            RetirementResult splits = retire(repo.repository(), request("wizard-copy"));

            assertEquals(Refusal.Kind.INVALID, differs.refusal().kind());
            assertEquals("express-pay does not serve one value everywhere: production serves true (STATIC) and"
                    + " staging false (STATIC); retiring it would change what requests get", differs.refusal()
                    .message());
            assertEquals("wizard-copy does not serve one value everywhere: in production different requests get"
                    + " different answers (see gitflags explain --env production wizard-copy); retiring it would"
                    + " change what requests get", splits.refusal().message());
            assertEquals(before, repo.tip("main"));

            RetirementResult forced = retire(repo.repository(), new Retirer.Request(List.of("express-pay"), "main",
                    null, false, true, List.of(), null, null));

            assertEquals(RetirementResult.Status.RETIRED, forced.status(), describe(forced));
            assertTrue(forced.message().contains("express-pay: retired with --force: production serves true"),
                    forced.message());
            assertFalse(repo.read("main", "environments/staging.yaml").contains("express-pay"));
        }
    }

    @Test
    void codeThatStillReferencesTheFlagIsARefusalFoundAsRefsFindsIt() throws Exception {
        try (TestRepo repo = Fixtures.Retirement.repo(temp.resolve("repo"))) {
            Path app = temp.resolve("app");
            Files.createDirectories(app.resolve("src"));
            Files.writeString(app.resolve("src/Checkout.java"), "class Checkout {\n"
                    + "    boolean on = client.getBooleanValue(\"new-checkout\", false);\n}\n");
            // a longer key that contains it is no reference (whole tokens, as gitflags refs matches)
            Files.writeString(app.resolve("src/Other.java"), "String key = \"new-checkout-v2\";\n");
            ObjectId before = repo.tip("main");

            RetirementResult used = retire(repo.repository(), new Retirer.Request(List.of("new-checkout"), "main",
                    null, false, false, List.of(app), null, null));

            assertEquals(Refusal.Kind.INVALID, used.refusal().kind());
            assertEquals("code still references new-checkout (" + app.resolve("src/Checkout.java").toString()
                    .replace('\\', '/') + ":2)", used.refusal().message());
            assertEquals(before, repo.tip("main"));

            Files.delete(app.resolve("src/Checkout.java"));
            RetirementResult unused = retire(repo.repository(), new Retirer.Request(List.of("new-checkout"),
                    "main", null, false, false, List.of(app), null, null));

            assertEquals(RetirementResult.Status.RETIRED, unused.status(), describe(unused));
        }
    }

    @Test
    void anUnknownKeyIsAUsageRefusalThatSuggestsTheNearestFlag() throws Exception {
        try (TestRepo repo = Fixtures.Retirement.repo(temp.resolve("repo"))) {
            RetirementResult result = retire(repo.repository(), request("new-chekout"));

            assertEquals(Refusal.Kind.USAGE, result.refusal().kind());
            assertEquals("unknown flag 'new-chekout' (did you mean 'new-checkout'?)", result.refusal().toString());
        }
    }

    @Test
    void anInvalidConfigAtTheTipIsRefusedWithItsLocatedProblems() throws Exception {
        try (TestRepo repo = Fixtures.Retirement.repo(temp.resolve("repo"))) {
            repo.write("environments/staging.yaml", Fixtures.Retirement.STAGING
                    + "  no-such-flag:\n    enabled: true\n").commit("a typo");
            ObjectId before = repo.tip("main");

            RetirementResult result = retire(repo.repository(), request("new-checkout"));

            assertEquals(Refusal.Kind.INVALID, result.refusal().kind());
            assertTrue(result.refusal().message().endsWith("is invalid; fix it before retiring"),
                    result.refusal().message());
            assertEquals("environments/staging.yaml:7", result.refusal().problems().get(0).origin().file() + ":"
                    + result.refusal().problems().get(0).origin().line());
            assertEquals(before, repo.tip("main"));
        }
    }

    @Test
    void dryRunReturnsTheUnifiedDiffAndWritesNothing() throws Exception {
        try (TestRepo repo = Fixtures.Retirement.repo(temp.resolve("repo"))) {
            ObjectId before = repo.tip("main");

            RetirementResult result = retire(repo.repository(), new Retirer.Request(List.of("old-banner"), "main",
                    null, true, false, List.of(), null, null));

            assertEquals(RetirementResult.Status.DRY_RUN, result.status(), describe(result));
            assertEquals("""
                    --- a/flags/legacy.yaml
                    +++ /dev/null
                    @@ -1,5 +0,0 @@
                    -flags:
                    -  old-banner:
                    -    type: boolean
                    -    enabled: false
                    -    default_value: false
                    """, result.diff());
            assertNull(result.commit());
            assertEquals(before, repo.tip("main"));
            assertEquals(Fixtures.Retirement.LEGACY, Files.readString(repo.dir().resolve("flags/legacy.yaml")));
            CheckedOutRepos.assertClean(repo, repo.dir());
        }
    }

    @Test
    void branchOptionCommitsOntoANewBranchAndLeavesTheBranchAndItsWorkingTreeAlone() throws Exception {
        try (TestRepo repo = Fixtures.Retirement.repo(temp.resolve("repo"))) {
            ObjectId before = repo.tip("main");

            RetirementResult result = retire(repo.repository(), new Retirer.Request(List.of("new-checkout"), "main",
                    "retire/new-checkout", false, false, List.of(), null, null));

            assertEquals(RetirementResult.Status.RETIRED, result.status(), describe(result));
            assertEquals("retire/new-checkout", result.branch());
            assertEquals(before, repo.tip("main"));
            assertEquals(before, repo.commitAt("retire/new-checkout").getParent(0));
            assertEquals(CHECKOUT_WITHOUT_NEW_CHECKOUT, repo.read("retire/new-checkout", "flags/checkout.yaml"));
            assertEquals(Fixtures.Retirement.CHECKOUT, Files.readString(repo.dir().resolve("flags/checkout.yaml")));

            RetirementResult again = retire(repo.repository(), new Retirer.Request(List.of("new-checkout"), "main",
                    "retire/new-checkout", false, false, List.of(), null, null));
            assertEquals("branch 'retire/new-checkout' already exists (name a new branch, or retire onto it with"
                    + " --ref retire/new-checkout)", again.refusal().toString());
        }
    }

    @Test
    void uncommittedChangesInAFileTheRetirementTouchesAreRefused() throws Exception {
        try (TestRepo repo = Fixtures.Retirement.repo(temp.resolve("repo"))) {
            ObjectId before = repo.tip("main");
            String edited = Fixtures.Retirement.PRODUCTION + "# work in progress\n";
            repo.write("environments/production.yaml", edited);

            RetirementResult result = retire(repo.repository(), request("new-checkout"));

            assertEquals(Refusal.Kind.USAGE, result.refusal().kind());
            assertTrue(result.refusal().message().startsWith("uncommitted changes in environments/production.yaml"),
                    result.refusal().message());
            assertEquals(before, repo.tip("main"));
            assertEquals(edited, Files.readString(repo.dir().resolve("environments/production.yaml")));
            assertEquals(Fixtures.Retirement.CHECKOUT, Files.readString(repo.dir().resolve("flags/checkout.yaml")));
        }
    }

    @Test
    void neverDeletesOrWritesThroughASymbolicLinkInTheWorkingTree() throws Exception {
        try (TestRepo repo = Fixtures.Retirement.repo(temp.resolve("repo"))) {
            ObjectId before = repo.tip("main");
            Path outside = Files.writeString(Files.createDirectories(temp.resolve("outside")).resolve("legacy.yaml"),
                    Fixtures.Retirement.LEGACY);
            Path file = repo.dir().resolve("flags/legacy.yaml");
            Files.delete(file);
            Files.createSymbolicLink(file, outside);

            RetirementResult result = retire(repo.repository(), request("old-banner"));

            assertEquals(Refusal.Kind.USAGE, result.refusal().kind(), describe(result));
            assertEquals("flags/legacy.yaml in the working tree " + repo.dir().toRealPath() + " is a symbolic link;"
                    + " retire never writes through one (make it a regular file in the working tree, or retire onto"
                    + " a new branch with --branch)", result.refusal().toString());
            assertEquals(before, repo.tip("main"));
            assertEquals(Fixtures.Retirement.LEGACY, Files.readString(outside));
            assertTrue(Files.isSymbolicLink(file));
        }
    }

    @Test
    void aCommitThatLandsBetweenPlanAndSwapIsKeptAndTheRetirementIsRedoneOnIt() throws Exception {
        try (TestRepo origin = Fixtures.Retirement.repo(temp.resolve("origin"));
             TestRepo bare = origin.bareClone(temp.resolve("bare.git"))) {
            ObjectId before = bare.tip("main");
            List<ObjectId> theirs = new ArrayList<>();
            String theirChecksout = Fixtures.Retirement.CHECKOUT + "  dark-mode:\n    type: boolean\n"
                    + "    default_value: false\n";
            CommitRounds.BeforeSwap otherWriter = attempt -> {
                if (attempt == 1) {
                    RevCommit tip = bare.commitAt("main");
                    PersonIdent other = new PersonIdent("Other", "o@example.com");
                    CommitWriter.WrittenCommit commit = CommitWriter.write(bare.repository(), tip,
                            Map.of("flags/checkout.yaml", theirChecksout.getBytes(StandardCharsets.UTF_8)), other,
                            other, "add dark-mode\n");
                    assertEquals(CommitWriter.SwapResult.UPDATED, CommitWriter.compareAndSwap(bare.repository(),
                            "refs/heads/main", tip, commit.id(), "other"));
                    theirs.add(commit.id());
                }
            };

            RetirementResult result = new Retirer(bare.repository(), "", new Loader(), 5, otherWriter)
                    .retire(request("new-checkout"));

            assertEquals(RetirementResult.Status.RETIRED, result.status(), describe(result));
            assertEquals(2, result.attempts());
            RevCommit ours = bare.commitAt("main");
            assertEquals(theirs.get(0), ours.getParent(0));
            assertEquals(before, bare.commitAt(theirs.get(0).name()).getParent(0));
            assertTrue(ours.getFullMessage().contains("Gitflags-Retired-On: " + theirs.get(0).name()));
            assertEquals(CHECKOUT_WITHOUT_NEW_CHECKOUT + "  dark-mode:\n    type: boolean\n    default_value: false\n",
                    bare.read("main", "flags/checkout.yaml"));
            bare.git("fsck", "--strict").ok();
        }
    }

    @Test
    void concurrentRetirementsOfDifferentFlagsIntoOneBareRepoAllLandOneCommitEach() throws Exception {
        int writers = 6;
        StringBuilder flags = new StringBuilder("flags:\n");
        StringBuilder production = new StringBuilder("name: Production\noverrides:\n");
        for (int i = 1; i <= writers; i++) {
            flags.append("  flag-").append(i).append(":\n    type: boolean\n    default_value: true\n");
            production.append("  flag-").append(i).append(":\n    enabled: true\n");
        }
        flags.append("  kept:\n    type: boolean\n    default_value: false\n");
        try (TestRepo origin = TestRepo.init(temp.resolve("origin"))) {
            origin.write("gitflags.yaml", Fixtures.Promotion.GITFLAGS).write("flags/many.yaml", flags.toString())
                    .write("environments/production.yaml", production.toString()).commit("six settled flags");
            Path bareDir = temp.resolve("bare.git");
            ObjectId before;
            try (TestRepo bare = origin.bareClone(bareDir)) {
                before = bare.tip("main");
            }

            List<RetirementResult> results = ConcurrentWriters.race(bareDir, writers, (bare, writer) ->
                    new Retirer(bare, "", new Loader(), 30, attempt -> {
                    }).retire(request("flag-" + writer)));

            for (RetirementResult result : results) {
                assertEquals(RetirementResult.Status.RETIRED, result.status(), describe(result));
            }
            try (TestRepo bare = TestRepo.open(bareDir)) {
                List<String> retired = new ArrayList<>();
                for (RevCommit commit : Git.wrap(bare.repository()).log().add(bare.tip("main"))
                        .not(before).call()) {
                    assertEquals(1, commit.getParentCount());
                    retired.add(bare.git("log", "-1", "--format=%(trailers:key=Gitflags-Retired,valueonly)",
                            commit.name()).ok().strip());
                }
                assertEquals(writers, retired.size());
                assertEquals(writers, new HashSet<>(retired).size());
                assertEquals("flags:\n  kept:\n    type: boolean\n    default_value: false\n",
                        bare.read("main", "flags/many.yaml"));
                assertEquals("name: Production\noverrides: {}\n", bare.read("main", "environments/production.yaml"));
                bare.git("fsck", "--strict", "--no-dangling").ok();
            }
        }
    }

    @Test
    void worksInAConfigSubfolderOfTheRepository() throws Exception {
        try (TestRepo repo = TestRepo.init(temp.resolve("repo"))) {
            repo.write("README.md", "the app\n");
            Fixtures.Retirement.files().forEach((path, text) -> repo.write("config/" + path, text));
            repo.commit("config in a subfolder");

            RetirementResult result = new Retirer(repo.repository(), "config", new Loader())
                    .retire(request("old-banner"));

            assertEquals(RetirementResult.Status.RETIRED, result.status(), describe(result));
            assertEquals(List.of("config/flags/legacy.yaml"), result.removed());
            assertNull(repo.read("main", "config/flags/legacy.yaml"));
            assertEquals("the app\n", repo.read("main", "README.md"));
            assertEquals("", repo.git("status", "--porcelain").ok());
        }
    }

    /** gitflags.yaml naming aliases of a retired flag and of one that stays, with comments and blank lines. */
    private static final String GITFLAGS_WITH_ALIASES = """
            default_environment: production

            refs:
              call_sites: [isOn]
              aliases:
                # the constants of the old client (CHK-98)
                new-checkout: [NEW_CHECKOUT, legacyCheckout]

                wizard-copy: WIZARD_COPY   # the copy test
              spellings: [constant]
            """;

    private static TestRepo repoWithSettings(Path dir, String gitflags) {
        TestRepo repo = TestRepo.init(dir).write(Fixtures.Retirement.files()).write("gitflags.yaml", gitflags);
        repo.commit("initial config");
        return repo;
    }

    @Test
    void theRetirementCommitAlsoRemovesTheFlagsAliasesEntryFromGitflagsYamlLeavingEveryOtherLineAlone()
            throws Exception {
        try (TestRepo repo = repoWithSettings(temp.resolve("repo"), GITFLAGS_WITH_ALIASES)) {
            ObjectId before = repo.tip("main");

            RetirementResult result = retire(repo.repository(), request("new-checkout"));

            assertEquals(RetirementResult.Status.RETIRED, result.status(), describe(result));
            String expected = """
                    default_environment: production

                    refs:
                      call_sites: [isOn]
                      aliases:
                        wizard-copy: WIZARD_COPY   # the copy test
                      spellings: [constant]
                    """;
            assertEquals(expected, repo.read("main", "gitflags.yaml"));
            assertEquals(CHECKOUT_WITHOUT_NEW_CHECKOUT, repo.read("main", "flags/checkout.yaml"));
            assertEquals(List.of("flags/checkout.yaml", "environments/production.yaml", "environments/staging.yaml",
                    "gitflags.yaml"), result.files());
            assertTrue(result.message().contains("\nedited gitflags.yaml\n"), result.message());
            assertEquals(Map.of("wizard-copy", List.of("WIZARD_COPY")),
                    repo.snapshot("main").settings().refs().aliases());
            // one commit, and the checked-out tree and index follow it
            assertEquals(before, repo.commitAt("main").getParent(0));
            assertEquals(expected, Files.readString(repo.dir().resolve("gitflags.yaml")));
            assertEquals("", repo.git("status", "--porcelain").ok());
            CheckedOutRepos.assertClean(repo, repo.dir());
        }
    }

    @Test
    void theLastAliasesEntryTakesAliasesAndARefsLeftEmptyWithItAndTheResultValidates() throws Exception {
        String gitflags = """
                default_environment: production

                # other spellings for gitflags refs
                refs:
                  aliases:
                    new-checkout: [NEW_CHECKOUT]
                """;
        String withCallSites = """
                default_environment: production
                refs:
                  aliases:
                    new-checkout: NEW_CHECKOUT
                  call_sites: [isOn]
                """;
        try (TestRepo alone = repoWithSettings(temp.resolve("alone"), gitflags);
             TestRepo beside = repoWithSettings(temp.resolve("beside"), withCallSites)) {
            RetirementResult result = retire(alone.repository(), request("new-checkout"));
            RetirementResult other = retire(beside.repository(), request("new-checkout"));

            assertEquals(RetirementResult.Status.RETIRED, result.status(), describe(result));
            assertEquals("default_environment: production\n", alone.read("main", "gitflags.yaml"));
            // loads and validates (schema included): the snapshot helper asserts a valid config
            assertTrue(alone.snapshot("main").settings().refs().aliases().isEmpty());
            assertEquals(RetirementResult.Status.RETIRED, other.status(), describe(other));
            assertEquals("default_environment: production\nrefs:\n  call_sites: [isOn]\n",
                    beside.read("main", "gitflags.yaml"));
            assertEquals(List.of("isOn"), beside.snapshot("main").settings().refs().callSites());
        }
    }

    @Test
    void aFlagWithoutAnAliasesEntryLeavesGitflagsYamlUntouchedAndOutOfTheCommit() throws Exception {
        try (TestRepo repo = repoWithSettings(temp.resolve("repo"), GITFLAGS_WITH_ALIASES)) {
            RetirementResult result = retire(repo.repository(), request("old-banner"));

            assertEquals(RetirementResult.Status.RETIRED, result.status(), describe(result));
            assertEquals(List.of("flags/legacy.yaml"), result.files());
            assertFalse(result.message().contains("gitflags.yaml"), result.message());
            assertEquals(GITFLAGS_WITH_ALIASES, repo.read("main", "gitflags.yaml"));
            assertEquals("D\tflags/legacy.yaml\n", repo.git("diff", "--name-status", "HEAD~1", "HEAD").ok());
        }
    }

    @Test
    void dryRunShowsTheRemovalOfTheAliasesEntryInTheDiffAndWritesNothing() throws Exception {
        try (TestRepo repo = repoWithSettings(temp.resolve("repo"), GITFLAGS_WITH_ALIASES)) {
            ObjectId before = repo.tip("main");

            RetirementResult result = retire(repo.repository(), new Retirer.Request(List.of("new-checkout"), "main",
                    null, true, false, List.of(), null, null));

            assertEquals(RetirementResult.Status.DRY_RUN, result.status(), describe(result));
            assertTrue(result.files().contains("gitflags.yaml"), result.files().toString());
            assertTrue(result.diff().contains("""
                    --- a/gitflags.yaml
                    +++ b/gitflags.yaml
                    @@ -3,8 +3,5 @@
                     refs:
                       call_sites: [isOn]
                       aliases:
                    -    # the constants of the old client (CHK-98)
                    -    new-checkout: [NEW_CHECKOUT, legacyCheckout]
                    -
                         wizard-copy: WIZARD_COPY   # the copy test
                       spellings: [constant]
                    """), result.diff());
            assertEquals(before, repo.tip("main"));
            assertEquals(GITFLAGS_WITH_ALIASES, Files.readString(repo.dir().resolve("gitflags.yaml")));
        }
    }

    @Test
    void anUncommittedOrSymlinkedGitflagsYamlIsRefusedWhenTheRetirementEditsIt() throws Exception {
        try (TestRepo dirty = repoWithSettings(temp.resolve("dirty"), GITFLAGS_WITH_ALIASES);
             TestRepo linked = repoWithSettings(temp.resolve("linked"), GITFLAGS_WITH_ALIASES)) {
            String edited = GITFLAGS_WITH_ALIASES + "# work in progress\n";
            dirty.write("gitflags.yaml", edited);
            Path outside = Files.writeString(Files.createDirectories(temp.resolve("outside")).resolve("gitflags.yaml"),
                    GITFLAGS_WITH_ALIASES);
            Path file = linked.dir().resolve("gitflags.yaml");
            Files.delete(file);
            Files.createSymbolicLink(file, outside);
            ObjectId dirtyBefore = dirty.tip("main");
            ObjectId linkedBefore = linked.tip("main");

            RetirementResult refusedDirty = retire(dirty.repository(), request("new-checkout"));
            RetirementResult refusedLinked = retire(linked.repository(), request("new-checkout"));

            assertEquals(Refusal.Kind.USAGE, refusedDirty.refusal().kind(), describe(refusedDirty));
            assertTrue(refusedDirty.refusal().message().startsWith("uncommitted changes in gitflags.yaml"),
                    refusedDirty.refusal().message());
            assertEquals(dirtyBefore, dirty.tip("main"));
            assertEquals(edited, Files.readString(dirty.dir().resolve("gitflags.yaml")));
            assertEquals(Refusal.Kind.USAGE, refusedLinked.refusal().kind(), describe(refusedLinked));
            assertTrue(refusedLinked.refusal().message().startsWith("gitflags.yaml in the working tree"),
                    refusedLinked.refusal().message());
            assertEquals(linkedBefore, linked.tip("main"));
            assertEquals(GITFLAGS_WITH_ALIASES, Files.readString(outside));
            assertTrue(Files.isSymbolicLink(file));
        }
    }
}
