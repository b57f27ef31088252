package dev.gitflags.internal.promote;

import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.lib.Ref;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;

import java.io.File;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The plan-and-swap rounds of every generated commit ({@code promote}, {@code retire}): read the branch tip, let the
 * command's {@link Planner} plan and check its edit on it, write the commit with plumbing, and move the branch by
 * compare-and-swap. When another writer moved the branch meanwhile, the round is redone on the new tip (a bounded
 * number of times); nothing ever overwrites someone else's commit.
 *
 * <p>When the branch is checked out in a working tree, writers of this repository take turns (the
 * {@link PromotionLock}), each first finishing what a killed one left, and the working trees follow the commit
 * through a {@link WorktreeUpdate}, which makes a kill at any instant safe. A bare repository needs neither.
 */
final class CommitRounds {

    /** Rounds of plan-and-swap before giving up; each lost race means another writer's commit landed. */
    static final int DEFAULT_ATTEMPTS = 10;

    /** Called after the commit is written and before the branch is swapped; tests use it to race another writer. */
    interface BeforeSwap {
        void run(int attempt) throws IOException;
    }

    /** What one command plans on each tip; {@code R} is its result type. */
    interface Planner<R> {

        /** The edit to commit on {@code tip} (the commit {@code branch} points at), or a final result. */
        Planned<R> plan(Ref branch, RevCommit tip, int attempt) throws IOException;

        /** The result of a refusal before any edit was planned (a bad branch, a lost race beyond the bound). */
        R refused(Refusal refusal, int attempt);
    }

    /** What happens to a planned edit: it landed as {@code commit} on {@code branch}, or was refused. */
    interface Outcome<R> {

        R landed(ObjectId commit, String branch, String message, int attempt);

        R refused(Refusal refusal, int attempt);
    }

    /**
     * One round's plan: a final {@code result} (refused, dry run, nothing to do), or the checked {@code files}
     * (repo-relative path → new content, null to delete the file) to commit with {@code message}.
     */
    record Planned<R>(R result, Map<String, byte[]> files, String message, Outcome<R> outcome) {

        static <R> Planned<R> done(R result) {
            return new Planned<>(result, null, null, null);
        }

        static <R> Planned<R> commit(Map<String, byte[]> files, String message, Outcome<R> outcome) {
            return new Planned<>(null, files, message, outcome);
        }
    }

    /** How refusals name the command: {@code promote}, {@code promotion}. */
    record Words(String verb, String noun) {
    }

    private final Repository repository;
    private final int maxAttempts;
    private final BeforeSwap beforeSwap;
    private final Words words;

    CommitRounds(Repository repository, int maxAttempts, BeforeSwap beforeSwap, Words words) {
        this.repository = repository;
        this.maxAttempts = maxAttempts;
        this.beforeSwap = beforeSwap;
        this.words = words;
    }

    /**
     * Commits what {@code planner} plans on branch {@code ref} (null: HEAD's branch), or on the new branch
     * {@code newBranchName} created from it (null: none); never throws for refusals (they are results).
     *
     * @param author commit author, or null for the repository's configured user
     */
    <R> R run(String ref, String newBranchName, PersonIdent author, Planner<R> planner) throws IOException {
        Ref target = branch(ref);
        if (target == null) {
            return planner.refused(Refusal.usage(ref == null ? "HEAD is not on a branch" : "no branch '" + ref + "'",
                    "name the branch to " + words.verb() + " on with --ref"), 0);
        }
        String newBranch = newBranchName == null ? null
                : newBranchName.startsWith(Constants.R_REFS) ? newBranchName : Constants.R_HEADS + newBranchName;
        if (newBranch != null && !Repository.isValidRefName(newBranch)) {
            return planner.refused(Refusal.usage("'" + newBranchName + "' is not a valid branch name",
                    "see git check-ref-format"), 0);
        }
        Target where = new Target(target, newBranch, newBranchName, newBranch != null ? newBranch : target.getName());
        boolean checkedOut = newBranch == null && !CheckedOutFiles.worktreesOn(repository, target.getName()).isEmpty();
        if (!checkedOut && !WorktreeUpdate.interrupted(repository)) {
            R result = rounds(where, author, planner, false);
            if (result != null) {
                return result;
            }
        }
        // a working tree follows the branch: one gitflags writer at a time, after finishing a killed one's update
        try (PromotionLock lock = PromotionLock.acquire(repository)) {
            WorktreeUpdate.finishInterrupted(repository);
            return rounds(where, author, planner, true);
        }
    }

    /** The branch read, the new branch to create (or null) as given and in full, and the ref the swap moves. */
    private record Target(Ref branch, String newBranch, String newBranchName, String swapRef) {
    }

    /**
     * Plan-and-swap rounds until one lands, is refused or runs out of attempts. Working trees on the branch are
     * updated only when {@code locked} (the caller holds the {@link PromotionLock}); unlocked, finding one (it was
     * checked out meanwhile) returns null, for the caller to start again under the lock.
     */
    private <R> R rounds(Target where, PersonIdent author, Planner<R> planner, boolean locked) throws IOException {
        String branchName = where.branch().getName();
        for (int attempt = 1; attempt <= maxAttempts; attempt++) {
            Ref tipRef = repository.exactRef(branchName);
            if (tipRef == null || tipRef.getObjectId() == null) {
                return planner.refused(Refusal.usage("branch '" + Repository.shortenRefName(branchName)
                        + "' has no commit yet", "commit the config first, then " + words.verb()), attempt);
            }
            if (where.newBranch() != null && repository.exactRef(where.newBranch()) != null) {
                return planner.refused(Refusal.usage("branch '" + where.newBranchName() + "' already exists",
                        "name a new branch, or " + words.verb() + " onto it with --ref " + where.newBranchName()),
                        attempt);
            }
            RevCommit tip;
            try (RevWalk walk = new RevWalk(repository)) {
                tip = walk.parseCommit(tipRef.getObjectId());
            }
            Planned<R> planned = planner.plan(tipRef, tip, attempt);
            if (planned.result() != null) {
                return planned.result();
            }
            List<File> checkedOut = where.newBranch() == null ? CheckedOutFiles.worktreesOn(repository, branchName)
                    : List.of();
            if (!checkedOut.isEmpty() && !locked) {
                return null;
            }
            PersonIdent committer = new PersonIdent(repository);
            PersonIdent authored = author != null
                    ? new PersonIdent(author, committer.getWhenAsInstant(), committer.getZoneId()) : committer;
            CommitWriter.WrittenCommit commit = CommitWriter.write(repository, tip, planned.files(), authored,
                    committer, planned.message());
            WorktreeUpdate update = null;
            if (!checkedOut.isEmpty()) {
                WorktreeUpdate.Begun begun = WorktreeUpdate.begin(repository, branchName, tip, commit,
                        planned.files(), checkedOut, words);
                if (begun.refusal() != null) {
                    return planned.outcome().refused(begun.refusal(), attempt);
                }
                update = begun.update();
            }
            beforeSwap.run(attempt);
            CommitWriter.SwapResult swap = CommitWriter.compareAndSwap(repository, where.swapRef(),
                    where.newBranch() != null ? null : tip, commit.id(), "gitflags: " + firstLine(planned.message()));
            if (swap == CommitWriter.SwapResult.UPDATED) {
                if (update != null) {
                    try {
                        update.finish();
                    } catch (IOException e) {
                        throw new IOException(words.verb() + "d " + commit.id().abbreviate(12).name() + " on "
                                + Repository.shortenRefName(where.swapRef()) + ", but updating the working tree"
                                + " failed: " + e.getMessage() + "; git refuses to commit there until the next"
                                + " gitflags command finishes the update", e);
                    }
                }
                return planned.outcome().landed(commit.id(), Repository.shortenRefName(where.swapRef()),
                        planned.message(), attempt);
            }
            if (update != null) {
                update.abandon();
            }
            backOff(attempt);
        }
        return planner.refused(Refusal.usage("the branch " + Repository.shortenRefName(where.swapRef())
                + " kept moving; gave up after " + maxAttempts + " attempts", "run the " + words.noun() + " again"),
                maxAttempts);
    }

    private Ref branch(String ref) throws IOException {
        Ref found = repository.findRef(ref == null ? Constants.HEAD : ref);
        if (found == null) {
            return null;
        }
        Ref leaf = found.getLeaf();
        return leaf.getName().startsWith(Constants.R_HEADS) ? leaf : null;
    }

    private static String firstLine(String message) {
        int end = message.indexOf('\n');
        return end < 0 ? message : message.substring(0, end);
    }

    /** A short random pause, growing with each lost race, so that competing writers spread out. */
    private static void backOff(int attempt) {
        try {
            Thread.sleep(ThreadLocalRandom.current().nextLong(1, 10L * attempt + 1));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
