package dev.gitflags.internal.promote;

import dev.gitflags.internal.LoadResult;
import dev.gitflags.internal.Snapshot;
import dev.gitflags.internal.diff.FieldValues;
import dev.gitflags.internal.diff.SnapshotDiff;
import dev.gitflags.internal.graph.ResolvedFlag;
import dev.gitflags.internal.load.ConfigSource;
import dev.gitflags.internal.load.FlagScope;
import dev.gitflags.internal.load.GitTreeSource;
import dev.gitflags.internal.load.Loader;
import dev.gitflags.internal.load.OverlaySource;
import dev.gitflags.internal.load.SourceException;
import dev.gitflags.internal.model.FlagField;
import dev.gitflags.internal.model.Problem;
import dev.gitflags.internal.view.ValueText;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.lib.Ref;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;

import java.io.File;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Promotes flags between environments as a generated commit: read the branch tip, plan, edit the target
 * environment file surgically, load and check the edited tree, write the commit with plumbing, and move the
 * branch by compare-and-swap. When another writer moved the branch meanwhile, everything is redone on the new tip
 * (a bounded number of times); nothing ever overwrites someone else's commit.
 *
 * <p>When the branch is checked out in a working tree, promoters of this repository take turns (the
 * {@link PromotionLock}), each first finishing what a killed one left, and the working trees follow the commit
 * through a {@link WorktreeUpdate}, which makes a kill at any instant safe. A bare repository needs neither.
 */
public final class Promoter {

    /** Rounds of plan-and-swap before giving up; each lost race means another writer's commit landed. */
    public static final int DEFAULT_ATTEMPTS = 10;

    /**
     * What to promote and where to commit it.
     *
     * @param keys      flag keys; empty for every flag that resolves differently
     * @param ref       the branch to promote on ({@code main}, {@code refs/heads/main}); null for HEAD's branch
     * @param newBranch commit onto this new branch created from {@code ref}, leaving {@code ref} alone; or null
     * @param subject   commit subject replacing the generated one, or null
     * @param author    commit author, or null for the repository's configured user
     */
    public record Request(String from, String to, List<String> keys, String ref, String newBranch, boolean dryRun,
                          String subject, PersonIdent author) {
        public Request {
            keys = List.copyOf(keys);
        }
    }

    /** Called after the commit is written and before the branch is swapped; tests use it to race another writer. */
    interface BeforeSwap {
        void run(int attempt) throws IOException;
    }

    private final Repository repository;
    private final String subfolder;
    private final Loader loader;
    private final int maxAttempts;
    private final BeforeSwap beforeSwap;
    /**
     * The snapshot of the last tip seen: a long-lived promoter (the server) loads each tip once, not per promotion.
     * Only one, since a snapshot of a big repo is large and the tip is what the next promotion asks for.
     */
    private final AtomicReference<KnownSnapshot> lastTip = new AtomicReference<>();

    private record KnownSnapshot(ObjectId commit, FlagScope scope, Snapshot snapshot) {
    }

    /**
     * @param subfolder where the config root lies inside the repository, '/'-separated; "" for the root
     */
    public Promoter(Repository repository, String subfolder, Loader loader) {
        this(repository, subfolder, loader, DEFAULT_ATTEMPTS, attempt -> {
        });
    }

    Promoter(Repository repository, String subfolder, Loader loader, int maxAttempts, BeforeSwap beforeSwap) {
        this.repository = repository;
        this.subfolder = subfolder == null ? "" : subfolder.replaceAll("^/+|/+$", "");
        this.loader = loader;
        this.maxAttempts = maxAttempts;
        this.beforeSwap = beforeSwap;
    }

    /** Plans and, unless a dry run, commits the promotion; never throws for refusals (they are results). */
    public PromotionResult promote(Request request) throws IOException {
        Ref target = branch(request.ref());
        if (target == null) {
            return PromotionResult.refused(Refusal.usage(request.ref() == null
                    ? "HEAD is not on a branch" : "no branch '" + request.ref() + "'",
                    "name the branch to promote on with --ref"), null, 0);
        }
        String newBranch = request.newBranch() == null ? null
                : request.newBranch().startsWith(Constants.R_REFS) ? request.newBranch()
                : Constants.R_HEADS + request.newBranch();
        if (newBranch != null && !Repository.isValidRefName(newBranch)) {
            return PromotionResult.refused(Refusal.usage("'" + request.newBranch() + "' is not a valid branch name",
                    "see git check-ref-format"), null, 0);
        }
        String swapRef = newBranch != null ? newBranch : target.getName();
        boolean checkedOut = newBranch == null && !CheckedOutFiles.worktreesOn(repository, target.getName()).isEmpty();
        if (!checkedOut && !WorktreeUpdate.interrupted(repository)) {
            PromotionResult result = rounds(request, target, newBranch, swapRef, false);
            if (result != null) {
                return result;
            }
        }
        // a working tree follows the branch: one gitflags promoter at a time, after finishing a killed one's update
        try (PromotionLock lock = PromotionLock.acquire(repository)) {
            WorktreeUpdate.finishInterrupted(repository);
            return rounds(request, target, newBranch, swapRef, true);
        }
    }

    /**
     * Plan-and-swap rounds until one lands, is refused or runs out of attempts. Working trees on the branch are
     * updated only when {@code locked} (the caller holds the {@link PromotionLock}); unlocked, finding one (it was
     * checked out meanwhile) returns null, for the caller to start again under the lock.
     */
    private PromotionResult rounds(Request request, Ref target, String newBranch, String swapRef, boolean locked)
            throws IOException {
        for (int attempt = 1; attempt <= maxAttempts; attempt++) {
            Ref tip = repository.exactRef(target.getName());
            if (tip == null || tip.getObjectId() == null) {
                return PromotionResult.refused(Refusal.usage("branch '" + Repository.shortenRefName(target.getName())
                        + "' has no commit yet", "commit the config first, then promote"), null, attempt);
            }
            if (newBranch != null && repository.exactRef(newBranch) != null) {
                return PromotionResult.refused(Refusal.usage("branch '" + request.newBranch() + "' already exists",
                        "name a new branch, or promote onto it with --ref " + request.newBranch()), null, attempt);
            }
            // DST's descendants too: they inherit what the edit changes, and the plan lists them
            FlagScope scope = FlagScope.of(request.keys(), request.from(), request.to())
                    .withDescendantsOf(request.to());
            Round round = plan(request, scope, tip, attempt);
            if (round.result != null) {
                return round.result;
            }
            List<File> checkedOut = newBranch == null ? CheckedOutFiles.worktreesOn(repository, target.getName())
                    : List.of();
            if (!checkedOut.isEmpty() && !locked) {
                return null;
            }
            PersonIdent committer = new PersonIdent(repository);
            PersonIdent author = request.author() != null
                    ? new PersonIdent(request.author(), committer.getWhenAsInstant(), committer.getZoneId())
                    : committer;
            String message = CommitMessage.of(round.plan, round.blastRadius, request.subject());
            CommitWriter.WrittenCommit commit = CommitWriter.write(repository, round.tip, round.files, author,
                    committer, message);
            WorktreeUpdate update = null;
            if (!checkedOut.isEmpty()) {
                WorktreeUpdate.Begun begun = WorktreeUpdate.begin(repository, target.getName(), round.tip, commit,
                        round.files, checkedOut);
                if (begun.refusal() != null) {
                    return PromotionResult.refused(begun.refusal(), round.plan, attempt);
                }
                update = begun.update();
            }
            beforeSwap.run(attempt);
            CommitWriter.SwapResult swap = CommitWriter.compareAndSwap(repository, swapRef,
                    newBranch != null ? null : round.tip, commit.id(), "gitflags: " + firstLine(message));
            if (swap == CommitWriter.SwapResult.UPDATED) {
                // the checked tree is exactly the new commit's: the next promotion on this tip need not load it
                Snapshot edited = round.edited;
                remember(commit.id(), round.scope, edited.withCommit(commit.id().name()));
                if (update != null) {
                    try {
                        update.finish();
                    } catch (IOException e) {
                        throw new IOException("promoted " + commit.id().abbreviate(12).name() + " on "
                                + Repository.shortenRefName(swapRef) + ", but updating the working tree failed: "
                                + e.getMessage() + "; git refuses to commit there until the next gitflags command"
                                + " finishes the update", e);
                    }
                }
                return new PromotionResult(PromotionResult.Status.PROMOTED, round.plan, round.diff,
                        round.blastRadius, commit.id().name(), Repository.shortenRefName(swapRef), message, attempt,
                        null);
            }
            if (update != null) {
                update.abandon();
            }
            backOff(attempt);
        }
        return PromotionResult.refused(Refusal.usage("the branch " + Repository.shortenRefName(swapRef)
                + " kept moving; gave up after " + maxAttempts + " attempts", "run the promotion again"), null,
                maxAttempts);
    }

    /** One round's outcome: either a final result, or the checked edit ready to commit on {@code tip}. */
    private record Round(PromotionResult result, RevCommit tip, PromotionPlan plan, Map<String, byte[]> files,
                         String diff, SnapshotDiff blastRadius, FlagScope scope, Snapshot edited) {
        static Round done(PromotionResult result) {
            return new Round(result, null, null, null, null, null, null, null);
        }
    }

    /**
     * Loads only the flags asked for, as the two environments, DST's descendants and every one that overrides
     * them see them ({@link FlagScope}): the edit changes nothing else, so nothing else needs reading or
     * checking, which keeps a promotion in a big repo far below a full load. When that scope cannot answer (the tip has problems with
     * these flags, or a name matches no flag or environment), the full load does: it reports every problem, and
     * suggests what a mistyped name may mean.
     */
    private Round plan(Request request, FlagScope scope, Ref tipRef, int attempt) throws IOException {
        RevCommit tip;
        try (RevWalk walk = new RevWalk(repository)) {
            tip = walk.parseCommit(tipRef.getObjectId());
        }
        ConfigSource source;
        try {
            source = GitTreeSource.of(repository, tip, subfolder);
        } catch (SourceException e) {
            return Round.done(PromotionResult.refused(Refusal.usage(e.getMessage(), "check --repo"), null, attempt));
        }
        KnownSnapshot known = lastTip.get();
        Snapshot before = known != null && known.commit().equals(tip.getId()) && known.scope().covers(scope)
                ? known.snapshot() : null;
        if (before == null) {
            LoadResult loaded = loader.load(source, scope);
            if (!scope.isAll() && !loaded.optionalSnapshot().map(snapshot -> answers(snapshot, scope)).orElse(false)) {
                return plan(request, FlagScope.ALL, tipRef, attempt);
            }
            if (!loaded.isValid()) {
                return Round.done(PromotionResult.refused(new Refusal(Refusal.Kind.INVALID, "the config at "
                        + Repository.shortenRefName(tipRef.getName()) + " (" + tip.abbreviate(12).name()
                        + ") is invalid; fix it before promoting", "", loaded.problems()), null, attempt));
            }
            before = remember(tip, scope, loaded.snapshot());
        }
        PromotionPlan.Result planned = PromotionPlan.of(before, request.from(), request.to(), request.keys());
        if (planned.refused()) {
            return Round.done(PromotionResult.refused(planned.refusal(), null, attempt));
        }
        PromotionPlan plan = planned.plan();
        if (plan.isEmpty()) {
            return Round.done(new PromotionResult(PromotionResult.Status.NOTHING_TO_PROMOTE, plan, null, null, null,
                    null, null, attempt, null));
        }
        byte[] original = source.read(plan.targetFile());
        byte[] edited;
        try {
            edited = OverrideEditor.apply(original, edits(plan, new SourceValues(source, before, loader.limits())),
                    loader.limits());
        } catch (OverrideEditor.UneditableFileException e) {
            return Round.done(PromotionResult.refused(Refusal.invalid("cannot edit " + plan.targetFile() + ": "
                    + e.getMessage(), ""), plan, attempt));
        }
        String untouched = UntouchedEntries.check(original, edited, plan.keys(), loader.limits());
        if (untouched != null) {
            return Round.done(PromotionResult.refused(Refusal.invalid("the edit of " + plan.targetFile()
                    + " would also change " + untouched + "; nothing was written",
                    "this is a bug in gitflags promote; please report it"), plan, attempt));
        }
        LoadResult checked = loader.load(new OverlaySource(source, Map.of(plan.targetFile(), edited)), scope);
        Refusal unsound = check(checked, before, plan);
        if (unsound != null) {
            return Round.done(PromotionResult.refused(unsound, plan, attempt));
        }
        String path = repoPath(plan.targetFile());
        String diff = UnifiedDiff.of(path, original, edited);
        // every environment whose resolved flags change: DST and those below it that inherit the edited fields
        SnapshotDiff blastRadius = SnapshotDiff.between(before, checked.snapshot());
        if (request.dryRun()) {
            return Round.done(new PromotionResult(PromotionResult.Status.DRY_RUN, plan, diff, blastRadius, null, null,
                    CommitMessage.of(plan, blastRadius, request.subject()), attempt, null));
        }
        return new Round(null, tip, plan, Map.of(path, edited), diff, blastRadius, scope, checked.snapshot());
    }

    /** True when a scoped load found every flag and environment the scope names. */
    private static boolean answers(Snapshot snapshot, FlagScope scope) {
        return snapshot.flags().keySet().containsAll(scope.keys())
                && snapshot.environments().keySet().containsAll(scope.environments());
    }

    private Snapshot remember(ObjectId commit, FlagScope scope, Snapshot snapshot) {
        lastTip.set(new KnownSnapshot(commit.copy(), scope, snapshot));
        return snapshot;
    }

    private static List<FieldEdit> edits(PromotionPlan plan, SourceValues values) throws IOException {
        List<FieldEdit> edits = new ArrayList<>();
        for (PromotionPlan.FlagPromotion flag : plan.flags()) {
            for (PromotionPlan.FieldChange change : flag.changes()) {
                edits.add(change.action() == PromotionPlan.Action.INHERIT
                        ? FieldEdit.remove(flag.key(), change.field())
                        : FieldEdit.set(flag.key(), change.field(),
                        values.node(flag.key(), change.field(), change.source(), change.newValue())));
            }
        }
        return edits;
    }

    /** The post-condition: the edited tree is valid and every promoted flag resolves in the target as in the source. */
    private Refusal check(LoadResult after, Snapshot before, PromotionPlan plan) {
        if (!after.isValid()) {
            return new Refusal(Refusal.Kind.INVALID, "promoting would make the config invalid; nothing was written",
                    "promote the flags this one depends on too, or fix " + plan.from() + " first", after.problems());
        }
        List<String> mismatches = new ArrayList<>();
        for (String key : plan.keys()) {
            ResolvedFlag wanted = before.flag(plan.from(), key).orElseThrow();
            ResolvedFlag got = after.snapshot().flag(plan.to(), key).orElseThrow();
            for (FlagField field : FieldValues.differing(got, wanted)) {
                mismatches.add(key + "." + field.yamlName() + " would resolve to " + ValueText.field(field,
                        got.get(field), got.type()) + " instead of " + ValueText.field(field, wanted.get(field),
                        wanted.type()));
            }
        }
        if (!mismatches.isEmpty()) {
            return new Refusal(Refusal.Kind.INVALID, "the edit would not make " + plan.to() + " resolve as " + plan.from()
                    + ": " + String.join("; ", mismatches), "this is a bug in gitflags promote; please report it",
                    List.<Problem>of());
        }
        return null;
    }

    private Ref branch(String ref) throws IOException {
        Ref found = repository.findRef(ref == null ? Constants.HEAD : ref);
        if (found == null) {
            return null;
        }
        Ref leaf = found.getLeaf();
        return leaf.getName().startsWith(Constants.R_HEADS) ? leaf : null;
    }

    private String repoPath(String configPath) {
        return subfolder.isEmpty() ? configPath : subfolder + "/" + configPath;
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
