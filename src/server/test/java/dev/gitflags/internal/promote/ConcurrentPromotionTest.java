package dev.gitflags.internal.promote;

import dev.gitflags.internal.Snapshot;
import dev.gitflags.testing.Fixtures;
import dev.gitflags.testing.GitflagsProcess;
import dev.gitflags.testing.TestRepo;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.revwalk.RevCommit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntFunction;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Eight real {@code gitflags promote} processes at once into a repository whose branch is checked out: every one
 * lands its promotion or says there is nothing left to promote, none is lost, and afterwards the working tree and
 * index are clean and {@code git fsck --strict} finds nothing.
 */
class ConcurrentPromotionTest {

    private static final int PROCESSES = 8;

    @TempDir
    Path temp;

    /** Staging enables flag-1 … flag-8, production none. */
    private TestRepo repo() {
        StringBuilder flags = new StringBuilder("flags:\n");
        StringBuilder staging = new StringBuilder("name: Staging\nparent: production\noverrides:\n");
        for (int i = 1; i <= PROCESSES; i++) {
            flags.append("  flag-").append(i).append(":\n    type: boolean\n    default_value: false\n    enabled: false\n");
            staging.append("  flag-").append(i).append(":\n    enabled: true\n");
        }
        TestRepo repo = TestRepo.init(temp.resolve("repo"));
        repo.write("gitflags.yaml", Fixtures.Promotion.GITFLAGS).write("flags/many.yaml", flags.toString())
                .write("environments/production.yaml", "name: Production\n")
                .write("environments/staging.yaml", staging.toString()).commit("eight flags in staging");
        return repo;
    }

    /** Starts all processes before waiting for any; {@code args} gives each one's arguments. */
    private static List<GitflagsProcess.Result> runAtOnce(IntFunction<String[]> args) {
        List<GitflagsProcess> processes = new ArrayList<>();
        for (int i = 1; i <= PROCESSES; i++) {
            processes.add(GitflagsProcess.start(args.apply(i)));
        }
        List<GitflagsProcess.Result> results = new ArrayList<>();
        for (GitflagsProcess process : processes) {
            GitflagsProcess.Result result = process.await(Duration.ofMinutes(5));
            assertEquals(0, result.exitCode(), result.transcript());
            results.add(result);
        }
        return results;
    }

    private static String[] promote(TestRepo repo, String branch, String key) {
        return new String[]{"promote", "--repo", repo.dir().toString(), "--ref", branch, "--from", "staging",
                "--to", "production", key};
    }

    /** The Promoted-Flags trailer of each commit on {@code branch} after {@code before}. */
    private static List<String> promotedSince(TestRepo repo, String branch, ObjectId before) throws Exception {
        List<String> promoted = new ArrayList<>();
        for (RevCommit commit : Git.wrap(repo.repository()).log().add(repo.tip(branch)).not(before).call()) {
            assertEquals(1, commit.getParentCount());
            promoted.add(commit.getFullMessage().lines().filter(line -> line.startsWith("Promoted-Flags: "))
                    .findFirst().orElseThrow().substring("Promoted-Flags: ".length()));
        }
        return promoted.stream().sorted().toList();
    }

    private static List<String> allFlags() {
        List<String> keys = new ArrayList<>();
        for (int i = 1; i <= PROCESSES; i++) {
            keys.add("flag-" + i);
        }
        return keys.stream().sorted().toList();
    }

    @Test
    void eightProcessesPromotingDifferentFlagsIntoTheCheckedOutBranchAllLand() throws Exception {
        try (TestRepo repo = repo()) {
            ObjectId before = repo.tip("main");

            List<GitflagsProcess.Result> results = runAtOnce(i -> promote(repo, "main", "flag-" + i));

            results.forEach(result -> assertTrue(result.out().startsWith("promoted "), result.transcript()));
            assertEquals(allFlags(), promotedSince(repo, "main", before));
            Snapshot after = repo.snapshot("main");
            allFlags().forEach(key -> assertTrue(after.flag("production", key).orElseThrow().enabled(), key));
            CheckedOutRepos.assertClean(repo, repo.dir());
        }
    }

    @Test
    void eightProcessesPromotingTheSameFlagLandItOnceAndTheOthersFindItDone() throws Exception {
        try (TestRepo repo = repo()) {
            ObjectId before = repo.tip("main");

            List<GitflagsProcess.Result> results = runAtOnce(i -> promote(repo, "main", "flag-1"));

            assertEquals(1, results.stream().filter(result -> result.out().startsWith("promoted ")).count(),
                    results.toString());
            results.stream().filter(result -> !result.out().startsWith("promoted ")).forEach(result ->
                    assertEquals("nothing to promote: production already resolves flag-1 exactly as staging does\n",
                            result.out(), result.transcript()));
            assertEquals(List.of("flag-1"), promotedSince(repo, "main", before));
            CheckedOutRepos.assertClean(repo, repo.dir());
        }
    }

    @Test
    void eightProcessesPromotingIntoABranchCheckedOutInALinkedWorktreeAllLand() throws Exception {
        try (TestRepo repo = repo()) {
            Path linked = CheckedOutRepos.linkedWorktree(repo, "release", temp.resolve("linked"));
            ObjectId before = repo.tip("release");

            // half of them run from the linked worktree, half from the main one
            runAtOnce(i -> {
                String[] args = promote(repo, "release", "flag-" + i);
                args[2] = (i % 2 == 0 ? linked : repo.dir()).toString();
                return args;
            });

            assertEquals(allFlags(), promotedSince(repo, "release", before));
            assertEquals(before, repo.tip("main"));
            CheckedOutRepos.assertClean(repo, repo.dir(), linked);
        }
    }
}
