package dev.gitflags.internal.promote;

import dev.gitflags.internal.Snapshot;
import dev.gitflags.internal.diff.FieldValues;
import dev.gitflags.internal.load.FlagScope;
import dev.gitflags.internal.load.Loader;
import dev.gitflags.internal.model.ProblemCode;
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
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PromoterTest {

    @TempDir
    Path temp;

    private static Promoter.Request request(String from, String to, String... keys) {
        return new Promoter.Request(from, to, List.of(keys), "main", null, false, null, null);
    }

    private static String describe(PromotionResult result) {
        return result.refusal() == null ? "" : result.refusal() + " " + result.refusal().problems();
    }

    private static PromotionResult promote(Repository repository, Promoter.Request request) throws Exception {
        return new Promoter(repository, "", new Loader()).promote(request);
    }

    /** Every promoted flag resolves in {@code to} at {@code after} exactly as in {@code from} at {@code before}. */
    private static void assertResolvesAsSource(TestRepo repo, ObjectId before, String after, String from,
                                               String to, String... keys) {
        FlagScope scope = FlagScope.of(List.of(keys), from, to);
        Snapshot source = repo.snapshot(before.name(), scope);
        Snapshot target = repo.snapshot(after, scope);
        for (String key : keys) {
            assertEquals(List.of(), FieldValues.differing(source.flag(from, key).orElseThrow(),
                    target.flag(to, key).orElseThrow()), key);
        }
    }

    @Test
    void promotesOneFlagAsOneCommitThatAddsOnlyItsOverride() throws Exception {
        try (TestRepo repo = Fixtures.Promotion.repo(temp.resolve("repo"))) {
            ObjectId before = repo.tip("main");
            PromotionResult result = promote(repo.repository(), request("staging", "production", "new-checkout"));

            assertEquals(PromotionResult.Status.PROMOTED, result.status(), describe(result));
            assertNull(result.refusal());
            RevCommit commit = repo.commitAt("main");
            assertEquals(result.commit(), commit.name());
            assertEquals(before, commit.getParent(0));
            assertEquals(Fixtures.Promotion.PRODUCTION + "  new-checkout:\n    enabled: true\n    rollout_percentage: 50\n",
                    repo.read("main", "environments/production.yaml"));
            assertEquals(Fixtures.Promotion.STAGING, repo.read("main", "environments/staging.yaml"));
            // staging and dev override both fields themselves: production is the only environment that changes
            assertEquals("promote staging → production: new-checkout\n\n"
                    + "production\n  new-checkout\n"
                    + "    enabled: false → true  (environments/production.yaml:13)\n"
                    + "    rollout_percentage: none → 50%  (environments/production.yaml:14)\n"
                    + "1 flag resolves differently in 1 environment, 2 changed fields\n\n"
                    + "Promoted-From: staging@" + before.name() + "\nPromoted-Flags: new-checkout\n",
                    commit.getFullMessage());
            assertEquals("Test Committer", commit.getAuthorIdent().getName());
            assertResolvesAsSource(repo, before, "main", "staging", "production", "new-checkout");
            // main is checked out: the working tree and index follow the commit
            assertTrue(Git.wrap(repo.repository()).status().call().isClean());
            assertEquals(repo.read("main", "environments/production.yaml"),
                    Files.readString(repo.dir().resolve("environments/production.yaml")));
        }
    }

    @Test
    void promotesSeveralFlagsReplacingTheChangedLineAndKeepingTheSourceQuoting() throws Exception {
        try (TestRepo repo = Fixtures.Promotion.repo(temp.resolve("repo"))) {
            ObjectId before = repo.tip("main");
            Promoter.Request request = new Promoter.Request("staging", "production",
                    List.of("new-checkout", "dark-mode"), "main", null, false, null,
                    new PersonIdent("Ada Lovelace", "ada@example.com"));
            PromotionResult result = promote(repo.repository(), request);

            assertEquals(PromotionResult.Status.PROMOTED, result.status(), describe(result));
            String expected = Fixtures.Promotion.PRODUCTION.replace("    default_value: \"off\"    # explicitly\n",
                    "    default_value: 'on'    # explicitly\n") + "  new-checkout:\n    enabled: true\n    rollout_percentage: 50\n";
            assertEquals(expected, repo.read("main", "environments/production.yaml"));
            RevCommit commit = repo.commitAt("main");
            assertEquals("promote staging → production: new-checkout, dark-mode", commit.getShortMessage());
            assertTrue(commit.getFullMessage().contains("  dark-mode\n    default_value: \"off\" → \"on\"  "
                    + "(environments/production.yaml:8)\n"), commit.getFullMessage());
            assertTrue(commit.getFullMessage().endsWith("Promoted-Flags: new-checkout, dark-mode\n"));
            assertEquals("Ada Lovelace", commit.getAuthorIdent().getName());
            assertEquals("Test Committer", commit.getCommitterIdent().getName());
            assertResolvesAsSource(repo, before, "main", "staging", "production",
                    "new-checkout", "dark-mode");
        }
    }

    @Test
    void allPromotesEveryFlagThatResolvesDifferentlyIncludingRules() throws Exception {
        try (TestRepo repo = Fixtures.Promotion.repo(temp.resolve("repo"))) {
            ObjectId before = repo.tip("main");
            PromotionResult result = promote(repo.repository(), request("staging", "production"));

            assertEquals(PromotionResult.Status.PROMOTED, result.status(), describe(result));
            assertEquals(List.of("dark-mode", "new-checkout", "search-v2"), result.plan().keys());
            String message = repo.commitAt("main").getFullMessage();
            assertTrue(message.endsWith("Promoted-Flags: dark-mode, new-checkout, search-v2\n"), message);
            String production = repo.read("main", "environments/production.yaml");
            assertTrue(production.endsWith("""
                      search-v2:
                        enabled: true
                        rules:
                          - name: staff
                            conditions:
                              - attribute: email
                                operator: ends_with
                                value: "@example.com"
                            serve:
                              enabled: true
                              value: true
                    """), production);
            assertResolvesAsSource(repo, before, "main", "staging", "production",
                    "dark-mode", "new-checkout", "search-v2", "theme");
        }
    }

    @Test
    void nothingToPromoteMakesNoCommitAndSaysWhy() throws Exception {
        try (TestRepo repo = Fixtures.Promotion.repo(temp.resolve("repo"))) {
            ObjectId before = repo.tip("main");

            PromotionResult inherits = promote(repo.repository(), request("staging", "dev", "new-checkout"));
            assertEquals(PromotionResult.Status.NOTHING_TO_PROMOTE, inherits.status());
            assertNull(inherits.refusal());
            assertEquals("dev inherits from staging (dev → staging) and overrides none of new-checkout, so it "
                    + "already resolves it exactly as staging does", inherits.plan().reason());

            PromotionResult same = promote(repo.repository(), request("staging", "production", "theme"));
            assertEquals(PromotionResult.Status.NOTHING_TO_PROMOTE, same.status());
            assertEquals("production already resolves theme exactly as staging does", same.plan().reason());
            assertEquals(before, repo.tip("main"));
        }
    }

    @Test
    void promotingDownTheChainDropsTheChildsOwnOverride() throws Exception {
        try (TestRepo repo = Fixtures.Promotion.repo(temp.resolve("repo"))) {
            ObjectId before = repo.tip("main");
            PromotionResult result = promote(repo.repository(), request("production", "staging", "dark-mode"));

            assertEquals(PromotionResult.Status.PROMOTED, result.status(), describe(result));
            assertEquals(PromotionPlan.Action.INHERIT, result.plan().flags().get(0).changes().get(0).action());
            assertEquals(Fixtures.Promotion.STAGING.replace("  dark-mode:\n    default_value: 'on'\n", ""),
                    repo.read("main", "environments/staging.yaml"));
            assertResolvesAsSource(repo, before, "main", "production", "staging", "dark-mode");
        }
    }

    @Test
    void aLongLivedPromoterPlansTheNextPromotionOnTheCommitItJustMade() throws Exception {
        try (TestRepo repo = Fixtures.Promotion.repo(temp.resolve("repo"))) {
            Promoter promoter = new Promoter(repo.repository(), "", new Loader());
            PromotionResult first = promoter.promote(request("staging", "production", "new-checkout"));
            PromotionResult second = promoter.promote(request("staging", "production", "dark-mode"));

            assertEquals(PromotionResult.Status.PROMOTED, second.status(), describe(second));
            RevCommit tip = repo.commitAt("main");
            assertEquals(first.commit(), tip.getParent(0).name());
            assertTrue(tip.getFullMessage().contains("Promoted-From: staging@" + first.commit() + "\n"));
            String production = repo.read("main", "environments/production.yaml");
            assertTrue(production.contains("    default_value: 'on'    # explicitly\n") && production.contains("  new-checkout:\n"));
            assertEquals(PromotionResult.Status.NOTHING_TO_PROMOTE,
                    promoter.promote(request("staging", "production", "dark-mode")).status());
        }
    }

    @Test
    void refusesAValueThatAnOverrideCannotExpress() throws Exception {
        try (TestRepo repo = Fixtures.Promotion.repo(temp.resolve("repo"))) {
            repo.write("environments/canary.yaml", "name: Canary\nparent: staging\noverrides:\n  new-checkout:\n"
                    + "    rollout_percentage: 10\n");
            repo.commit("canary");
            ObjectId before = repo.tip("main");

            PromotionResult result = promote(repo.repository(), request("production", "canary", "new-checkout"));

            assertEquals(Refusal.Kind.INVALID, result.refusal().kind(), describe(result));
            assertTrue(result.refusal().message().startsWith("cannot promote new-checkout.rollout_percentage from "
                    + "production to canary: production has no rollout_percentage"), result.refusal().message());
            assertEquals(before, repo.tip("main"));
        }
    }

    @Test
    void refusesUnknownNamesAndSelfPromotionWithoutWriting() throws Exception {
        try (TestRepo repo = Fixtures.Promotion.repo(temp.resolve("repo"))) {
            ObjectId before = repo.tip("main");

            PromotionResult env = promote(repo.repository(), request("stagign", "production", "new-checkout"));
            assertEquals(Refusal.Kind.USAGE, env.refusal().kind());
            assertEquals("unknown environment 'stagign' (did you mean 'staging'?)", env.refusal().toString());

            PromotionResult flag = promote(repo.repository(), request("staging", "production", "new-chekout"));
            assertEquals(Refusal.Kind.USAGE, flag.refusal().kind());
            assertEquals("unknown flag 'new-chekout' (did you mean 'new-checkout'?)", flag.refusal().toString());

            PromotionResult self = promote(repo.repository(), request("staging", "staging", "new-checkout"));
            assertEquals(Refusal.Kind.INVALID, self.refusal().kind());
            assertEquals(before, repo.tip("main"));
        }
    }

    @Test
    void anInvalidResultIsRefusedWithLocatedProblemsAndNothingIsCommitted() throws Exception {
        try (TestRepo repo = Fixtures.Promotion.repo(temp.resolve("repo"))) {
            // eu-production serves variant green, which staging's variants (about to reach production) lack.
            repo.write("environments/eu-production.yaml", """
                    name: EU
                    parent: production
                    overrides:
                      theme:
                        rules:
                          - name: eu-green
                            serve: green
                    """);
            repo.write("environments/staging.yaml", Fixtures.Promotion.STAGING + """
                      theme:
                        variants:
                          blue: {value: "b", weight: 100}
                    """);
            repo.commit("eu and a blue-only theme in staging");
            ObjectId before = repo.tip("main");

            PromotionResult result = promote(repo.repository(), request("staging", "production", "theme"));

            assertEquals(PromotionResult.Status.REFUSED, result.status());
            assertEquals(Refusal.Kind.INVALID, result.refusal().kind());
            assertEquals(ProblemCode.E_UNKNOWN_VARIANT, result.refusal().problems().get(0).code());
            assertEquals("environments/eu-production.yaml", result.refusal().problems().get(0).origin().file());
            assertEquals(before, repo.tip("main"));
            assertEquals(Fixtures.Promotion.PRODUCTION, Files.readString(repo.dir().resolve("environments/production.yaml")));
        }
    }

    @Test
    void aProblemWithAnotherFlagDoesNotHoldUpAPromotionThatLeavesItAlone() throws Exception {
        try (TestRepo repo = Fixtures.Promotion.repo(temp.resolve("repo"))) {
            String brokenDev = Fixtures.Promotion.DEV + "overrides:\n  search-v2:\n    rollout_percentage: lots\n";
            repo.write("environments/dev.yaml", brokenDev);
            repo.commit("dev: a broken override of search-v2");
            ObjectId before = repo.tip("main");

            PromotionResult result = promote(repo.repository(), request("staging", "production", "new-checkout"));

            assertEquals(PromotionResult.Status.PROMOTED, result.status(), describe(result));
            assertResolvesAsSource(repo, before, result.commit(), "staging", "production",
                    "new-checkout");
            assertEquals(brokenDev, repo.read(result.commit(), "environments/dev.yaml"));
        }
    }

    @Test
    void aProblemWithThePromotedFlagAtTheTipIsRefusedWithEveryProblemOfTheTip() throws Exception {
        try (TestRepo repo = Fixtures.Promotion.repo(temp.resolve("repo"))) {
            repo.write("environments/dev.yaml", Fixtures.Promotion.DEV
                    + "overrides:\n  search-v2:\n    rollout_percentage: lots\n  new-checkout:\n    enabled: maybe\n");
            repo.commit("dev: broken overrides of two flags");
            ObjectId before = repo.tip("main");

            PromotionResult result = promote(repo.repository(), request("staging", "production", "new-checkout"));

            assertEquals(PromotionResult.Status.REFUSED, result.status());
            assertTrue(result.refusal().toString().contains("is invalid; fix it before promoting"), describe(result));
            assertEquals(List.of("environments/dev.yaml:5:25", "environments/dev.yaml:7:14"), result.refusal()
                    .problems().stream().map(problem -> problem.origin().toString()).sorted().toList());
            assertEquals(before, repo.tip("main"));
        }
    }

    @Test
    void branchOptionCommitsOntoANewBranchAndLeavesTheTargetAlone() throws Exception {
        try (TestRepo repo = Fixtures.Promotion.repo(temp.resolve("repo"))) {
            ObjectId before = repo.tip("main");
            Promoter.Request request = new Promoter.Request("staging", "production", List.of("new-checkout"), "main",
                    "promote/new-checkout", false, null, null);
            PromotionResult result = promote(repo.repository(), request);

            assertEquals(PromotionResult.Status.PROMOTED, result.status(), describe(result));
            assertEquals("promote/new-checkout", result.branch());
            assertEquals(before, repo.tip("main"));
            assertEquals(before, repo.commitAt("promote/new-checkout").getParent(0));
            assertEquals(Fixtures.Promotion.PRODUCTION, Files.readString(repo.dir().resolve("environments/production.yaml")));
            assertTrue(Git.wrap(repo.repository()).status().call().isClean());

            PromotionResult again = promote(repo.repository(), request);
            assertEquals(Refusal.Kind.USAGE, again.refusal().kind());
            assertEquals(result.commit(), repo.tip("promote/new-checkout").name());
        }
    }

    @Test
    void dryRunPrintsTheDiffAndCommitsNothing() throws Exception {
        try (TestRepo repo = Fixtures.Promotion.repo(temp.resolve("repo"))) {
            ObjectId before = repo.tip("main");
            Promoter.Request request = new Promoter.Request("staging", "production", List.of("new-checkout"), "main",
                    null, true, null, null);
            PromotionResult result = promote(repo.repository(), request);

            assertEquals(PromotionResult.Status.DRY_RUN, result.status());
            assertEquals("""
                    --- a/environments/production.yaml
                    +++ b/environments/production.yaml
                    @@ -9,3 +9,6 @@
                    \s
                       theme:
                         rollout_percentage: 100
                    +  new-checkout:
                    +    enabled: true
                    +    rollout_percentage: 50
                    """, result.diff());
            assertNull(result.commit());
            assertEquals(before, repo.tip("main"));
        }
    }

    @Test
    void refusesWhenTheTargetFileHasUncommittedChanges() throws Exception {
        try (TestRepo repo = Fixtures.Promotion.repo(temp.resolve("repo"))) {
            ObjectId before = repo.tip("main");
            String edited = Fixtures.Promotion.PRODUCTION + "# work in progress\n";
            repo.write("environments/production.yaml", edited);

            PromotionResult result = promote(repo.repository(), request("staging", "production", "new-checkout"));

            assertEquals(Refusal.Kind.USAGE, result.refusal().kind());
            assertTrue(result.refusal().message().contains("environments/production.yaml"), result.refusal().message());
            assertEquals(before, repo.tip("main"));
            assertEquals(edited, Files.readString(repo.dir().resolve("environments/production.yaml")));
        }
    }

    @Test
    void refusesToWriteThroughASymlinkedEnvironmentFileThatHoldsTheCommittedContent() throws Exception {
        try (TestRepo repo = Fixtures.Promotion.repo(temp.resolve("repo"))) {
            ObjectId before = repo.tip("main");
            Path outside = Files.writeString(Files.createDirectories(temp.resolve("outside")).resolve("prod.yaml"),
                    Fixtures.Promotion.PRODUCTION);
            Path file = repo.dir().resolve("environments/production.yaml");
            Files.delete(file);
            Files.createSymbolicLink(file, outside);

            PromotionResult result = promote(repo.repository(), request("staging", "production", "new-checkout"));

            assertEquals(PromotionResult.Status.REFUSED, result.status());
            assertEquals(Refusal.Kind.USAGE, result.refusal().kind(), describe(result));
            assertEquals("environments/production.yaml in the working tree " + repo.dir().toRealPath()
                    + " is a symbolic link; promote never writes through one", result.refusal().message());
            assertEquals(before, repo.tip("main"));
            assertEquals(Fixtures.Promotion.PRODUCTION, Files.readString(outside));
            assertTrue(Files.isSymbolicLink(file));
        }
    }

    @Test
    void refusesToWriteThroughASymlinkedFolderOfTheWorkingTree() throws Exception {
        try (TestRepo repo = Fixtures.Promotion.repo(temp.resolve("repo"))) {
            ObjectId before = repo.tip("main");
            Path outside = Files.createDirectories(temp.resolve("outside"));
            Path environments = repo.dir().resolve("environments");
            try (var files = Files.list(environments)) {
                for (Path file : files.toList()) {
                    Files.move(file, outside.resolve(file.getFileName()));
                }
            }
            Files.delete(environments);
            Files.createSymbolicLink(environments, outside);

            PromotionResult result = promote(repo.repository(), request("staging", "production", "new-checkout"));

            assertEquals(PromotionResult.Status.REFUSED, result.status());
            assertEquals(Refusal.Kind.USAGE, result.refusal().kind(), describe(result));
            assertEquals("environments/production.yaml in the working tree " + repo.dir().toRealPath()
                    + " is in a folder that is a symbolic link (environments); promote never writes through one",
                    result.refusal().message());
            assertEquals(before, repo.tip("main"));
            assertEquals(Fixtures.Promotion.PRODUCTION, Files.readString(outside.resolve("production.yaml")));
        }
    }

    /**
     * A new branch made from main, checked out in a linked worktree beside the repository by git itself (JGit has
     * no {@code git worktree add}).
     */
    private Path linkedWorktreeOn(TestRepo repo, String branch) {
        repo.git("branch", branch).ok();
        Path linked = temp.resolve("linked");
        repo.git("worktree", "add", "--quiet", linked.toString(), branch).ok();
        return linked;
    }

    /** {@code git status --porcelain} in {@code dir}: git itself is the judge of a clean tree. */
    private static String gitStatus(Path dir) {
        try (TestRepo checkout = TestRepo.open(dir)) {
            return checkout.git("status", "--porcelain").ok();
        }
    }

    private static Promoter.Request onBranch(String branch, String key) {
        return new Promoter.Request("staging", "production", List.of(key), branch, null, false, null, null);
    }

    @Test
    void aBranchCheckedOutInALinkedWorktreeHasItsFilesAndIndexUpdatedToo() throws Exception {
        try (TestRepo repo = Fixtures.Promotion.repo(temp.resolve("repo"))) {
            Path linked = linkedWorktreeOn(repo, "release");

            PromotionResult result = promote(repo.repository(), onBranch("release", "new-checkout"));

            assertEquals(PromotionResult.Status.PROMOTED, result.status(), describe(result));
            assertEquals(repo.read("release", "environments/production.yaml"),
                    Files.readString(linked.resolve("environments/production.yaml")));
            assertEquals("", gitStatus(linked));
            assertEquals(Fixtures.Promotion.PRODUCTION, Files.readString(repo.dir().resolve("environments/production.yaml")));
            assertEquals("", gitStatus(repo.dir()));
        }
    }

    @Test
    void uncommittedChangesInALinkedWorktreeOnTheBranchAreRefused() throws Exception {
        try (TestRepo repo = Fixtures.Promotion.repo(temp.resolve("repo"))) {
            Path linked = linkedWorktreeOn(repo, "release");
            String edited = Fixtures.Promotion.PRODUCTION + "# work in progress\n";
            Files.writeString(linked.resolve("environments/production.yaml"), edited);
            ObjectId before = repo.tip("release");

            PromotionResult result = promote(repo.repository(), onBranch("release", "new-checkout"));

            assertEquals(Refusal.Kind.USAGE, result.refusal().kind());
            assertTrue(result.refusal().message().contains("environments/production.yaml in the working tree "
                    + linked.toRealPath()), result.refusal().message());
            assertEquals(before, repo.tip("release"));
            assertEquals(edited, Files.readString(linked.resolve("environments/production.yaml")));
        }
    }

    @Test
    void worksInAConfigSubfolderOfTheRepository() throws Exception {
        try (TestRepo repo = TestRepo.init(temp.resolve("repo"))) {
            repo.write("README.md", "the app\n");
            repo.write("config/gitflags.yaml", Fixtures.Promotion.GITFLAGS);
            repo.write("config/flags/core.yaml", Fixtures.Promotion.FLAGS);
            repo.write("config/environments/production.yaml", Fixtures.Promotion.PRODUCTION);
            repo.write("config/environments/staging.yaml", Fixtures.Promotion.STAGING);
            repo.commit("config in a subfolder");

            PromotionResult result = new Promoter(repo.repository(), "config", new Loader())
                    .promote(request("staging", "production", "dark-mode"));

            assertEquals(PromotionResult.Status.PROMOTED, result.status(), describe(result));
            assertTrue(repo.read("main", "config/environments/production.yaml")
                    .contains("    default_value: 'on'    # explicitly\n"));
            assertEquals("the app\n", repo.read("main", "README.md"));
        }
    }

    @Test
    void aRaceWithAnotherWriterIsRetriedOnTheNewTipAndBothCommitsSurvive() throws Exception {
        try (TestRepo origin = Fixtures.Promotion.repo(temp.resolve("origin"));
             TestRepo bare = origin.bareClone(temp.resolve("bare.git"))) {
            ObjectId before = bare.tip("main");
            List<ObjectId> theirs = new ArrayList<>();
            Promoter.BeforeSwap otherWriter = attempt -> {
                if (attempt == 1) {
                    RevCommit tip = bare.commitAt("main");
                    CommitWriter.WrittenCommit commit = CommitWriter.write(bare.repository(), tip,
                            Map.of("environments/dev.yaml", "name: Dev (renamed)\nparent: staging\n"
                                    .getBytes(StandardCharsets.UTF_8)),
                            new PersonIdent("Other", "o@example.com"), new PersonIdent("Other", "o@example.com"),
                            "rename dev\n");
                    assertEquals(CommitWriter.SwapResult.UPDATED,
                            CommitWriter.compareAndSwap(bare.repository(), "refs/heads/main", tip, commit.id(),
                                    "other"));
                    theirs.add(commit.id());
                }
            };
            PromotionResult result = new Promoter(bare.repository(), "", new Loader(), 5, otherWriter)
                    .promote(request("staging", "production", "new-checkout"));

            assertEquals(PromotionResult.Status.PROMOTED, result.status(), describe(result));
            assertEquals(2, result.attempts());
            RevCommit ours = bare.commitAt("main");
            assertEquals(theirs.get(0), ours.getParent(0));
            assertEquals(before, bare.commitAt(theirs.get(0).name()).getParent(0));
            assertTrue(ours.getFullMessage().contains("Promoted-From: staging@" + theirs.get(0).name()));
            assertEquals("name: Dev (renamed)\nparent: staging\n",
                    bare.read("main", "environments/dev.yaml"));
            assertTrue(bare.read("main", "environments/production.yaml").contains("  new-checkout:\n"));
        }
    }

    @Test
    void eightConcurrentPromotionsIntoOneBareRepoAllLandAndFsckIsClean() throws Exception {
        int writers = 8;
        StringBuilder flags = new StringBuilder("flags:\n");
        StringBuilder staging = new StringBuilder("name: Staging\nparent: production\noverrides:\n");
        for (int i = 1; i <= writers; i++) {
            flags.append("  flag-").append(i).append(":\n    type: boolean\n    default_value: false\n")
                    .append("    enabled: false\n");
            staging.append("  flag-").append(i).append(":\n    enabled: true\n");
        }
        try (TestRepo origin = TestRepo.init(temp.resolve("origin"))) {
            origin.write("gitflags.yaml", Fixtures.Promotion.GITFLAGS).write("flags/many.yaml", flags.toString())
                    .write("environments/production.yaml", "name: Production\n")
                    .write("environments/staging.yaml", staging.toString()).commit("eight flags in staging");
            Path bareDir = temp.resolve("bare.git");
            ObjectId before;
            try (TestRepo bare = origin.bareClone(bareDir)) {
                before = bare.tip("main");
            }

            List<PromotionResult> results = ConcurrentWriters.race(bareDir, writers, (bare, writer) ->
                    new Promoter(bare, "", new Loader(), 30, attempt -> {
                    }).promote(request("staging", "production", "flag-" + writer)));

            Set<String> commits = new HashSet<>();
            for (PromotionResult result : results) {
                assertEquals(PromotionResult.Status.PROMOTED, result.status(), describe(result));
                commits.add(result.commit());
            }
            try (TestRepo bare = TestRepo.open(bareDir)) {
                List<String> history = new ArrayList<>();
                Set<String> promoted = new HashSet<>();
                for (RevCommit commit : Git.wrap(bare.repository()).log().add(bare.tip("main")).not(before).call()) {
                    history.add(commit.name());
                    assertEquals(1, commit.getParentCount());
                    String trailer = commit.getFullMessage().lines()
                            .filter(line -> line.startsWith("Promoted-Flags: ")).findFirst().orElseThrow();
                    promoted.add(trailer.substring("Promoted-Flags: ".length()));
                }
                assertEquals(writers, history.size());
                assertEquals(commits, new HashSet<>(history));
                assertEquals(writers, promoted.size());
                Snapshot after = bare.snapshot("main");
                for (int i = 1; i <= writers; i++) {
                    assertTrue(after.flag("production", "flag-" + i).orElseThrow().enabled(), "flag-" + i);
                }
                TestRepo.GitRun fsck = bare.git("fsck", "--strict", "--no-dangling");
                assertEquals(0, fsck.exitCode(), fsck.output());
                assertNotEquals(true, fsck.output().contains("error"), fsck.output());
            }
        }
    }
}
