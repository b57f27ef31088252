package dev.gitflags.internal.analysis;

import dev.gitflags.internal.LoadResult;
import dev.gitflags.internal.Snapshot;
import dev.gitflags.internal.load.FileKind;
import dev.gitflags.internal.load.FlagScope;
import dev.gitflags.internal.load.GitTreeSource;
import dev.gitflags.internal.load.LoadLimits;
import dev.gitflags.internal.load.Loader;
import dev.gitflags.internal.load.SourceException;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectReader;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.treewalk.TreeWalk;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * The first-parent history of a config folder from one commit back, as far as the repository holds it: when each
 * flag was first defined (in the unbroken run of commits up to the tip that define it), and the config as it was
 * at a given time. A shallow clone's history ends early; {@link #end} says where, so ages are "at least".
 * Commits whose config does not load are skipped: they say nothing about which flags existed. A question about many
 * commits (ages here, {@link ServedHistory}) goes through the one {@link #walk}, which loads only the commits that
 * change the files the question watches.
 */
public final class ConfigHistory {

    /** The commit a walk reached last, and whether history goes on before it (false: a root or a shallow end). */
    public record End(String commit, Instant time, boolean shallow) {

        /** {@code history ends at 3ea08f22e85e (2027-03-01), a shallow clone}: how every report says so. */
        public String shallowNote() {
            return "history ends at " + commit.substring(0, 12) + " (" + LocalDate.ofInstant(time, ZoneOffset.UTC)
                    + "), a shallow clone";
        }
    }

    /** The oldest commit of the unbroken run that defines a flag, and whether history ended inside that run. */
    public record FirstDefined(String commit, Instant time, boolean atLeast) {
    }

    private final Repository repository;
    private final String subfolder;
    private final List<RevCommit> commits;
    private final boolean shallow;
    private final Loader loader;

    private ConfigHistory(Repository repository, String subfolder, List<RevCommit> commits, boolean shallow,
                          LoadLimits limits) {
        this.repository = repository;
        this.subfolder = subfolder;
        this.commits = commits;
        this.shallow = shallow;
        this.loader = Loader.incremental(limits);
    }

    /** The first-parent chain of {@code tip}, newest first; the repository stays the caller's. */
    public static ConfigHistory of(Repository repository, String subfolder, ObjectId tip, LoadLimits limits)
            throws IOException {
        Set<ObjectId> shallowCommits = repository.getObjectDatabase() instanceof org.eclipse.jgit.internal.storage.file.ObjectDirectory directory
                ? directory.getShallowCommits() : Set.of();
        List<RevCommit> chain = new ArrayList<>();
        boolean shallow = false;
        try (RevWalk walk = new RevWalk(repository)) {
            RevCommit commit = walk.parseCommit(tip);
            while (commit != null) {
                chain.add(commit);
                if (shallowCommits.contains(commit)) {
                    shallow = true;
                    break;
                }
                commit = commit.getParentCount() == 0 ? null : walk.parseCommit(commit.getParent(0));
            }
        }
        return new ConfigHistory(repository, subfolder, List.copyOf(chain), shallow, limits);
    }

    /** Where the history this walk holds ends. */
    public End end() {
        RevCommit last = commits.get(commits.size() - 1);
        return new End(last.name(), time(last), shallow);
    }

    /**
     * For each of {@code keys} defined at the tip, the oldest commit of the unbroken run from the tip back that
     * defines it. Only commits that change the config folder's flags are loaded, in the scope of these keys.
     */
    public Map<String, FirstDefined> firstDefined(Collection<String> keys) {
        Set<String> open = new HashSet<>(keys);
        Map<String, RevCommit> oldest = new HashMap<>();
        if (!open.isEmpty()) {
            walk(FlagScope.of(List.copyOf(keys)), snapshot -> List.of(FileKind.FLAGS_PATH), version -> {
                if (version.snapshot() == null) {
                    return true;
                }
                Set<String> defined = version.snapshot().flags().keySet();
                for (String key : List.copyOf(open)) {
                    if (defined.contains(key)) {
                        oldest.put(key, version.commit());
                    } else {
                        open.remove(key);
                    }
                }
                return !open.isEmpty();
            });
        }
        Map<String, FirstDefined> result = new HashMap<>();
        oldest.forEach((key, commit) -> result.put(key, new FirstDefined(commit.name(), time(commit),
                open.contains(key) && shallow)));
        return result;
    }

    /**
     * One commit of a {@link #walk}, with its config as loaded in the walk's scope (null when it does not load).
     * {@code unchanged}: the entries the walk watches are as in the last commit loaded, so this is that very
     * snapshot, taken without a load.
     */
    public record Version(RevCommit commit, Snapshot snapshot, boolean unchanged) {
    }

    /** Told each commit of a {@link #walk}, newest first. */
    @FunctionalInterface
    public interface Visitor {
        /** Returns false to end the walk here. */
        boolean visit(Version version);
    }

    /**
     * Walks the chain newest first, giving each commit with its config loaded in {@code scope}. A commit is loaded
     * only when an entry at the paths {@code watched} names for the last snapshot loaded (files or folders below
     * the config folder) has another id than in that snapshot's commit; else it gets that snapshot again. So
     * {@code watched} must name every path whose content can change what the caller reads from a snapshot. A
     * commit that does not load is given with no snapshot, and the next is compared with the last that loaded.
     * The loads share one incremental loader, so a blob parsed in the previous load is not parsed again.
     */
    public void walk(FlagScope scope, Function<Snapshot, Collection<String>> watched, Visitor visitor) {
        Snapshot last = null;
        Map<String, ObjectId> lastIds = Map.of();
        try (ObjectReader reader = repository.newObjectReader()) {
            for (RevCommit commit : commits) {
                Version version;
                if (last != null && idsOf(reader, commit, lastIds.keySet()).equals(lastIds)) {
                    version = new Version(commit, last, true);
                } else {
                    Snapshot loaded = load(commit, scope).orElse(null);
                    if (loaded != null) {
                        last = loaded;
                        lastIds = idsOf(reader, commit, watched.apply(loaded));
                    }
                    version = new Version(commit, loaded, false);
                }
                if (!visitor.visit(version)) {
                    return;
                }
            }
        }
    }

    /**
     * The config as committed at {@code time}: the newest commit of the chain no later than it, loaded in
     * {@code scope}; empty when the history held starts after {@code time} or that commit does not load.
     */
    public Optional<Snapshot> asOf(Instant time, FlagScope scope) {
        for (RevCommit commit : commits) {
            if (!time(commit).isAfter(time)) {
                return load(commit, scope);
            }
        }
        return Optional.empty();
    }

    private Optional<Snapshot> load(RevCommit commit, FlagScope scope) {
        try (GitTreeSource source = GitTreeSource.of(repository, commit, subfolder)) {
            LoadResult result = loader.load(source, scope);
            return result.optionalSnapshot();
        } catch (SourceException unreadable) {
            return Optional.empty();
        }
    }

    /** The id of the entry at each of {@code paths} below the config folder in the commit's tree; null when absent. */
    private Map<String, ObjectId> idsOf(ObjectReader reader, RevCommit commit, Collection<String> paths) {
        Map<String, ObjectId> ids = new HashMap<>();
        for (String path : paths) {
            String inRepository = subfolder.isEmpty() ? path : subfolder + "/" + path;
            try (TreeWalk walk = TreeWalk.forPath(reader, inRepository, commit.getTree())) {
                ids.put(path, walk == null ? null : walk.getObjectId(0));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return ids;
    }

    private static Instant time(RevCommit commit) {
        return Instant.ofEpochSecond(commit.getCommitTime());
    }
}
