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
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.lib.Ref;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Promotes flags between environments as a generated commit: on each branch tip, plan, edit the target
 * environment file surgically, and load and check the edited tree; {@link CommitRounds} writes the commit, moves
 * the branch by compare-and-swap (redoing the plan on a new tip when another writer moved it) and keeps checked-out
 * working trees in step.
 */
public final class Promoter {

    /** Rounds of plan-and-swap before giving up; each lost race means another writer's commit landed. */
    public static final int DEFAULT_ATTEMPTS = CommitRounds.DEFAULT_ATTEMPTS;

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
    interface BeforeSwap extends CommitRounds.BeforeSwap {
    }

    private final Repository repository;
    private final String subfolder;
    private final Loader loader;
    private final CommitRounds rounds;
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
        this.rounds = new CommitRounds(repository, maxAttempts, beforeSwap,
                new CommitRounds.Words("promote", "promotion"));
    }

    /** Plans and, unless a dry run, commits the promotion; never throws for refusals (they are results). */
    public PromotionResult promote(Request request) throws IOException {
        // DST's descendants too: they inherit what the edit changes, and the plan lists them
        FlagScope scope = FlagScope.of(request.keys(), request.from(), request.to()).withDescendantsOf(request.to());
        return rounds.run(request.ref(), request.newBranch(), request.author(), new CommitRounds.Planner<>() {
            @Override
            public CommitRounds.Planned<PromotionResult> plan(Ref branch, RevCommit tip, int attempt)
                    throws IOException {
                return Promoter.this.plan(request, scope, branch, tip, attempt);
            }

            @Override
            public PromotionResult refused(Refusal refusal, int attempt) {
                return PromotionResult.refused(refusal, null, attempt);
            }
        });
    }

    /** What becomes of a checked promotion edit: its result once landed (or refused while updating a tree). */
    private CommitRounds.Outcome<PromotionResult> outcome(PromotionPlan plan, String diff, SnapshotDiff blastRadius,
                                                          FlagScope scope, Snapshot edited) {
        return new CommitRounds.Outcome<>() {
            @Override
            public PromotionResult landed(ObjectId commit, String branch, String message, int attempt) {
                // the checked tree is exactly the new commit's: the next promotion on this tip need not load it
                remember(commit, scope, edited.withCommit(commit.name()));
                return new PromotionResult(PromotionResult.Status.PROMOTED, plan, diff, blastRadius, commit.name(),
                        branch, message, attempt, null);
            }

            @Override
            public PromotionResult refused(Refusal refusal, int attempt) {
                return PromotionResult.refused(refusal, plan, attempt);
            }
        };
    }

    /**
     * Loads only the flags asked for, as the two environments, DST's descendants and every one that overrides
     * them see them ({@link FlagScope}): the edit changes nothing else, so nothing else needs reading or
     * checking, which keeps a promotion in a big repo far below a full load. When that scope cannot answer (the tip has problems with
     * these flags, or a name matches no flag or environment), the full load does: it reports every problem, and
     * suggests what a mistyped name may mean.
     */
    private CommitRounds.Planned<PromotionResult> plan(Request request, FlagScope scope, Ref tipRef, RevCommit tip,
                                                       int attempt) throws IOException {
        ConfigSource source;
        try {
            source = GitTreeSource.of(repository, tip, subfolder);
        } catch (SourceException e) {
            return done(PromotionResult.refused(Refusal.usage(e.getMessage(), "check --repo"), null, attempt));
        }
        KnownSnapshot known = lastTip.get();
        Snapshot before = known != null && known.commit().equals(tip.getId()) && known.scope().covers(scope)
                ? known.snapshot() : null;
        if (before == null) {
            LoadResult loaded = loader.load(source, scope);
            if (!scope.isAll() && !loaded.optionalSnapshot().map(snapshot -> answers(snapshot, scope)).orElse(false)) {
                return plan(request, FlagScope.ALL, tipRef, tip, attempt);
            }
            if (!loaded.isValid()) {
                return done(PromotionResult.refused(new Refusal(Refusal.Kind.INVALID, "the config at "
                        + Repository.shortenRefName(tipRef.getName()) + " (" + tip.abbreviate(12).name()
                        + ") is invalid; fix it before promoting", "", loaded.problems()), null, attempt));
            }
            before = remember(tip, scope, loaded.snapshot());
        }
        PromotionPlan.Result planned = PromotionPlan.of(before, request.from(), request.to(), request.keys());
        if (planned.refused()) {
            return done(PromotionResult.refused(planned.refusal(), null, attempt));
        }
        PromotionPlan plan = planned.plan();
        if (plan.isEmpty()) {
            return done(new PromotionResult(PromotionResult.Status.NOTHING_TO_PROMOTE, plan, null, null, null,
                    null, null, attempt, null));
        }
        byte[] original = source.read(plan.targetFile());
        byte[] edited;
        try {
            edited = OverrideEditor.apply(original, edits(plan, new SourceValues(source, before, loader.limits())),
                    loader.limits());
        } catch (OverrideEditor.UneditableFileException e) {
            return done(PromotionResult.refused(Refusal.invalid("cannot edit " + plan.targetFile() + ": "
                    + e.getMessage(), ""), plan, attempt));
        }
        String untouched = UntouchedEntries.check(original, edited, plan.keys(), loader.limits());
        if (untouched != null) {
            return done(PromotionResult.refused(Refusal.invalid("the edit of " + plan.targetFile()
                    + " would also change " + untouched + "; nothing was written",
                    "this is a bug in gitflags promote; please report it"), plan, attempt));
        }
        LoadResult checked = loader.load(new OverlaySource(source, Map.of(plan.targetFile(), edited)), scope);
        Refusal unsound = check(checked, before, plan);
        if (unsound != null) {
            return done(PromotionResult.refused(unsound, plan, attempt));
        }
        String path = repoPath(plan.targetFile());
        String diff = UnifiedDiff.of(path, original, edited);
        // every environment whose resolved flags change: DST and those below it that inherit the edited fields
        SnapshotDiff blastRadius = SnapshotDiff.between(before, checked.snapshot());
        if (request.dryRun()) {
            return done(new PromotionResult(PromotionResult.Status.DRY_RUN, plan, diff, blastRadius, null, null,
                    CommitMessage.of(plan, blastRadius, request.subject()), attempt, null));
        }
        return CommitRounds.Planned.commit(Map.of(path, edited), CommitMessage.of(plan, blastRadius, request.subject()),
                outcome(plan, diff, blastRadius, scope, checked.snapshot()));
    }

    private static CommitRounds.Planned<PromotionResult> done(PromotionResult result) {
        return CommitRounds.Planned.done(result);
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

    private String repoPath(String configPath) {
        return subfolder.isEmpty() ? configPath : subfolder + "/" + configPath;
    }
}
