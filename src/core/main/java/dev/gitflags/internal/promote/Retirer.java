package dev.gitflags.internal.promote;

import dev.gitflags.internal.LoadResult;
import dev.gitflags.internal.Snapshot;
import dev.gitflags.internal.analysis.StaleFlags;
import dev.gitflags.internal.diff.SnapshotDiff;
import dev.gitflags.internal.eval.FlagBehaviour;
import dev.gitflags.internal.graph.ResolvedFlag;
import dev.gitflags.internal.graph.Suggestions;
import dev.gitflags.internal.load.ConfigSource;
import dev.gitflags.internal.load.FileKind;
import dev.gitflags.internal.load.FlagScope;
import dev.gitflags.internal.load.GitTreeSource;
import dev.gitflags.internal.load.Loader;
import dev.gitflags.internal.load.OverlaySource;
import dev.gitflags.internal.load.SourceException;
import dev.gitflags.internal.model.Environment;
import dev.gitflags.internal.model.Flag;
import dev.gitflags.internal.refs.CodeReferences;
import dev.gitflags.internal.refs.CodeSearch;
import dev.gitflags.internal.view.ValueText;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.lib.Ref;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * Retires flags as one generated commit: on each branch tip, remove each flag's definition from its flags file (the
 * file itself when it defines nothing else), its override from every environment file and its {@code refs.aliases}
 * entry from gitflags.yaml, surgically
 * ({@link OverrideEditor}), and load and check the edited tree; {@link CommitRounds} writes the commit with the same
 * compare-and-swap, crash and concurrency guarantees as a promotion. Refused, unless forced, while a flag serves
 * more than one value ({@link StaleFlags#onlyAnswerEverywhere}) or application code still names it
 * ({@link CodeSearch}).
 */
public final class Retirer {

    /** References listed in a refusal before "and N more". */
    private static final int LISTED_REFERENCES = 5;

    /**
     * What to retire and where to commit it.
     *
     * @param keys      flag keys, at least one
     * @param ref       the branch to commit on; null for HEAD's branch
     * @param newBranch commit onto this new branch created from {@code ref}, leaving {@code ref} alone; or null
     * @param force     retire even when a flag serves more than one value, or code still names it
     * @param code      application source folders that must not reference the flags (as {@code refs --code})
     * @param subject   commit subject replacing the generated one, or null
     * @param author    commit author, or null for the repository's configured user
     */
    public record Request(List<String> keys, String ref, String newBranch, boolean dryRun, boolean force,
                          List<Path> code, String subject, PersonIdent author) {
        public Request {
            keys = List.copyOf(new LinkedHashSet<>(keys));
            code = List.copyOf(code);
        }
    }

    private final Repository repository;
    private final String subfolder;
    private final Loader loader;
    private final CommitRounds rounds;

    /** @param subfolder where the config root lies inside the repository, '/'-separated; "" for the root */
    public Retirer(Repository repository, String subfolder, Loader loader) {
        this(repository, subfolder, loader, CommitRounds.DEFAULT_ATTEMPTS, attempt -> {
        });
    }

    Retirer(Repository repository, String subfolder, Loader loader, int maxAttempts,
            CommitRounds.BeforeSwap beforeSwap) {
        this.repository = repository;
        this.subfolder = subfolder == null ? "" : subfolder.replaceAll("^/+|/+$", "");
        this.loader = loader;
        this.rounds = new CommitRounds(repository, maxAttempts, beforeSwap, new CommitRounds.Words("retire",
                "retirement"));
    }

    /** Plans and, unless a dry run, commits the retirement; never throws for refusals (they are results). */
    public RetirementResult retire(Request request) throws IOException {
        if (request.keys().isEmpty()) {
            return RetirementResult.refused(Refusal.usage("no flag to retire", "name the flags to retire"), 0);
        }
        return rounds.run(request.ref(), request.newBranch(), request.author(), new CommitRounds.Planner<>() {
            @Override
            public CommitRounds.Planned<RetirementResult> plan(Ref branch, RevCommit tip, int attempt)
                    throws IOException {
                return Retirer.this.plan(request, branch, tip, attempt);
            }

            @Override
            public RetirementResult refused(Refusal refusal, int attempt) {
                return RetirementResult.refused(refusal, attempt);
            }
        });
    }

    /** The checked edit of one tip. Every environment is loaded: whether a flag serves one value needs them all. */
    private CommitRounds.Planned<RetirementResult> plan(Request request, Ref branch, RevCommit tip, int attempt)
            throws IOException {
        ConfigSource source;
        try {
            source = GitTreeSource.of(repository, tip, subfolder);
        } catch (SourceException e) {
            return refused(Refusal.usage(e.getMessage(), "check --repo"), attempt);
        }
        LoadResult loaded = loader.load(source, FlagScope.ALL);
        if (!loaded.isValid()) {
            return refused(new Refusal(Refusal.Kind.INVALID, "the config at " + Repository.shortenRefName(
                    branch.getName()) + " (" + tip.abbreviate(12).name() + ") is invalid; fix it before retiring",
                    "", loaded.errors()), attempt);
        }
        Snapshot before = loaded.snapshot();
        List<String> unknown = request.keys().stream().filter(key -> !before.flags().containsKey(key)).toList();
        if (!unknown.isEmpty()) {
            return refused(Refusal.usage("unknown flag" + (unknown.size() > 1 ? "s " : " ") + unknown.stream()
                    .map(key -> "'" + key + "'").collect(Collectors.joining(", ")),
                    Suggestions.hint("flag", unknown.get(0), before.flags().keySet())), attempt);
        }
        Map<String, String> served = new LinkedHashMap<>();
        for (String key : request.keys()) {
            Optional<FlagBehaviour.Answer> only = StaleFlags.onlyAnswerEverywhere(before, key);
            if (only.isEmpty() && !request.force()) {
                return refused(Refusal.invalid(key + " does not serve one value everywhere: " + why(before, key)
                        + "; retiring it would change what requests get", "finish rolling it out first (gitflags"
                        + " stale lists the flags that are done), or retire it anyway with --force"), attempt);
            }
            served.put(key, only.map(answer -> "served " + ValueText.value(answer.value()) + " (" + answer.reason()
                    + ") to every request in every served environment").orElse("retired with --force: "
                    + why(before, key)));
        }
        if (!request.code().isEmpty() && !request.force()) {
            Refusal referenced = referenced(before, request.keys(), request.code());
            if (referenced != null) {
                return refused(referenced, attempt);
            }
        }
        Map<String, byte[]> edits = new LinkedHashMap<>();
        try {
            Refusal unsafe = edit(source, before, request.keys(), edits);
            if (unsafe != null) {
                return refused(unsafe, attempt);
            }
        } catch (OverrideEditor.UneditableFileException e) {
            return refused(Refusal.invalid(e.getMessage(), ""), attempt);
        }
        LoadResult checked = loader.load(new OverlaySource(source, edits), FlagScope.ALL);
        if (!checked.isValid()) {
            return refused(new Refusal(Refusal.Kind.INVALID, "retiring " + String.join(", ", request.keys())
                    + " would make the config invalid; nothing was written", "remove what still names "
                    + (request.keys().size() == 1 ? "it" : "them") + " first (a prerequisite, a rule), or retire"
                    + " those flags too", checked.errors()), attempt);
        }
        Refusal changed = othersChanged(before, checked.snapshot(), request.keys());
        if (changed != null) {
            return refused(changed, attempt);
        }
        List<String> files = new ArrayList<>();
        List<String> removed = new ArrayList<>();
        Map<String, byte[]> byRepoPath = new LinkedHashMap<>();
        StringBuilder diff = new StringBuilder();
        for (Map.Entry<String, byte[]> edit : edits.entrySet()) {
            String path = repoPath(edit.getKey());
            files.add(path);
            if (edit.getValue() == null) {
                removed.add(path);
            }
            byRepoPath.put(path, edit.getValue());
            diff.append(UnifiedDiff.of(path, source.read(edit.getKey()), edit.getValue()));
        }
        String message = CommitMessage.retirement(served, files, removed, tip.getName(), request.subject());
        if (request.dryRun()) {
            return CommitRounds.Planned.done(new RetirementResult(RetirementResult.Status.DRY_RUN, served, files,
                    removed, diff.toString(), null, null, message, attempt, null));
        }
        return CommitRounds.Planned.commit(byRepoPath, message, new CommitRounds.Outcome<>() {
            @Override
            public RetirementResult landed(ObjectId commit, String landedOn, String text, int attempts) {
                return new RetirementResult(RetirementResult.Status.RETIRED, served, files, removed, diff.toString(),
                        commit.name(), landedOn, text, attempts, null);
            }

            @Override
            public RetirementResult refused(Refusal refusal, int attempts) {
                return RetirementResult.refused(refusal, attempts);
            }
        });
    }

    /**
     * Fills {@code edits} (config path → new content, null to delete) with the removal of {@code keys}: from the
     * flags files that define them (a file left defining nothing is deleted), from every environment's overrides and
     * from gitflags.yaml's {@code refs.aliases}. Returns why that cannot be done safely, or null.
     */
    private Refusal edit(ConfigSource source, Snapshot before, List<String> keys, Map<String, byte[]> edits)
            throws IOException, OverrideEditor.UneditableFileException {
        Map<String, List<String>> definedIn = new TreeMap<>();
        for (Flag flag : before.flags().values()) {
            definedIn.computeIfAbsent(flag.origin().file(), file -> new ArrayList<>()).add(flag.key());
        }
        Set<String> retired = Set.copyOf(keys);
        for (Map.Entry<String, List<String>> file : definedIn.entrySet()) {
            List<String> here = file.getValue().stream().filter(retired::contains).toList();
            if (here.isEmpty()) {
                continue;
            }
            if (here.size() == file.getValue().size()) {
                edits.put(file.getKey(), null);
                continue;
            }
            Refusal unsafe = removeEntries(source, file.getKey(), "flags", here, edits);
            if (unsafe != null) {
                return unsafe;
            }
        }
        List<Environment> environments = before.environments().values().stream()
                .sorted(Comparator.comparing(Environment::file)).toList();
        for (Environment environment : environments) {
            List<String> here = keys.stream().filter(environment.overrides()::containsKey).toList();
            if (!here.isEmpty()) {
                Refusal unsafe = removeEntries(source, environment.file(), "overrides", here, edits);
                if (unsafe != null) {
                    return unsafe;
                }
            }
        }
        List<String> aliased = keys.stream().filter(before.settings().refs().aliases()::containsKey).toList();
        return aliased.isEmpty() ? null : removeAliases(source, aliased, edits);
    }

    /** Removes the {@code refs.aliases} entries of {@code keys} from gitflags.yaml, checking nothing else changed. */
    private Refusal removeAliases(ConfigSource source, List<String> keys, Map<String, byte[]> edits)
            throws IOException, OverrideEditor.UneditableFileException {
        String file = FileKind.SETTINGS_FILE;
        byte[] original = source.read(file);
        byte[] edited;
        try {
            edited = OverrideEditor.removeAliases(original, keys, loader.limits());
        } catch (OverrideEditor.UneditableFileException e) {
            throw new OverrideEditor.UneditableFileException("cannot edit " + file + ": " + e.getMessage());
        }
        String untouched = UntouchedEntries.check(original, edited, List.of("refs", "aliases"), keys,
                loader.limits());
        if (untouched != null) {
            return Refusal.invalid("the edit of " + file + " would also change " + untouched + "; nothing was"
                    + " written", "this is a bug in gitflags retire; please report it");
        }
        if (!Arrays.equals(original, edited)) {
            edits.put(file, edited);
        }
        return null;
    }

    /** Removes the entries of {@code keys} from {@code section} of {@code file}, checking nothing else changed. */
    private Refusal removeEntries(ConfigSource source, String file, String section, List<String> keys,
                                  Map<String, byte[]> edits)
            throws IOException, OverrideEditor.UneditableFileException {
        byte[] original = source.read(file);
        byte[] edited;
        try {
            edited = section.equals("flags") ? OverrideEditor.removeFlags(original, keys, loader.limits())
                    : OverrideEditor.apply(original, keys.stream().map(FieldEdit::removeEntry).toList(),
                    loader.limits());
        } catch (OverrideEditor.UneditableFileException e) {
            throw new OverrideEditor.UneditableFileException("cannot edit " + file + ": " + e.getMessage());
        }
        String untouched = UntouchedEntries.check(original, edited, section, keys, loader.limits());
        if (untouched != null) {
            return Refusal.invalid("the edit of " + file + " would also change " + untouched + "; nothing was"
                    + " written", "this is a bug in gitflags retire; please report it");
        }
        edits.put(file, edited);
        return null;
    }

    /** Why {@code key} has no one answer everywhere: an environment that answers by request, or two that differ. */
    private static String why(Snapshot snapshot, String key) {
        Map<String, FlagBehaviour.Answer> answers = new LinkedHashMap<>();
        for (String slug : snapshot.resolved().keySet()) {
            if (!snapshot.serves(slug)) {
                continue;
            }
            ResolvedFlag flag = snapshot.flag(slug, key).orElseThrow();
            Optional<FlagBehaviour.Answer> only = FlagBehaviour.of(flag).onlyAnswer();
            if (only.isEmpty()) {
                return "in " + slug + " different requests get different answers (see gitflags explain --env "
                        + slug + " " + key + ")";
            }
            for (Map.Entry<String, FlagBehaviour.Answer> other : answers.entrySet()) {
                if (!other.getValue().equals(only.get())) {
                    return other.getKey() + " serves " + ValueText.value(other.getValue().value()) + " ("
                            + other.getValue().reason() + ") and " + slug + " " + ValueText.value(only.get().value())
                            + " (" + only.get().reason() + ")";
                }
            }
            answers.put(slug, only.get());
        }
        return answers.isEmpty() ? "no environment is served" : "its answers differ";
    }

    /** The refusal when code under {@code roots} still references a key, as {@code gitflags refs --code} finds it. */
    private static Refusal referenced(Snapshot snapshot, List<String> keys, List<Path> roots) throws IOException {
        CodeReferences found = new CodeSearch(snapshot.flagKeys(), snapshot.settings().refs()).search(roots);
        List<String> used = new ArrayList<>();
        for (String key : keys) {
            List<CodeReferences.Reference> references = found.of(key);
            if (!references.isEmpty()) {
                String listed = references.stream().limit(LISTED_REFERENCES).map(CodeReferences.Reference::location)
                        .collect(Collectors.joining(", "));
                used.add(key + " (" + listed + (references.size() > LISTED_REFERENCES ? " and "
                        + (references.size() - LISTED_REFERENCES) + " more" : "") + ")");
            }
        }
        return used.isEmpty() ? null : Refusal.invalid("code still references " + String.join("; ", used),
                "remove those uses first (gitflags refs --code lists them), or retire anyway with --force");
    }

    /**
     * The post-condition: the edit removed the retired flags and their aliases and changed nothing else any
     * environment resolves.
     */
    private static Refusal othersChanged(Snapshot before, Snapshot after, List<String> keys) {
        SnapshotDiff diff = SnapshotDiff.between(before, after);
        Set<String> others = new LinkedHashSet<>(diff.flagKeys());
        keys.forEach(others::remove);
        boolean environmentsChanged = diff.environments().stream().anyMatch(environment ->
                environment.kind() != SnapshotDiff.Kind.CHANGED || !environment.changes().isEmpty());
        boolean allGone = keys.stream().noneMatch(key -> after.flags().containsKey(key)
                || after.settings().refs().aliases().containsKey(key));
        if (others.isEmpty() && !environmentsChanged && allGone) {
            return null;
        }
        return Refusal.invalid("the edit would " + (!allGone ? "leave a retired flag defined or aliased"
                : !others.isEmpty() ? "also change " + String.join(", ", others) : "change an environment")
                + "; nothing was written", "this is a bug in gitflags retire; please report it");
    }

    private static CommitRounds.Planned<RetirementResult> refused(Refusal refusal, int attempt) {
        return CommitRounds.Planned.done(RetirementResult.refused(refusal, attempt));
    }

    private String repoPath(String configPath) {
        return subfolder.isEmpty() ? configPath : subfolder + "/" + configPath;
    }
}
